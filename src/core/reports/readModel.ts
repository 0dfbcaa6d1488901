import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The reports' view of the `tickets` collection. It declares no fields of its own (reads go through
 * the ticket model); it exists to declare the index reports need so `syncIndexes()` creates it:
 * `updatedAt`, every ticket write's date, which lets a report read "open now, or touched since the
 * period began" through two indexes (`status` and `updatedAt`) instead of scanning all history.
 */
const reportTicketViewSchema = new Schema({}, { collection: 'tickets', strict: false, autoCreate: false });
reportTicketViewSchema.index({ updatedAt: 1 });

export function reportTicketView(connection: Connection): Model<unknown> {
  return (
    (connection.models.ReportTicketView as Model<unknown>) ??
    connection.model('ReportTicketView', reportTicketViewSchema)
  );
}
