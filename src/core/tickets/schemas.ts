import { z } from 'zod';
import { impactLevelSchema, prioritySchema, supportLevelSchema } from '../../config';
import { TICKET_TYPES } from './model';

/** Free text from chat: trimmed, bounded, never an object (no operator injection reaches a query). */
export const chatText = (max = 4000) => z.string().trim().min(1).max(max);

export const openTicketInput = z.object({
  type: z.enum(TICKET_TYPES).default('incident'),
  title: z.string().trim().min(1).max(200).optional(),
  description: chatText(),
  impact: impactLevelSchema.optional(),
  urgency: impactLevelSchema.optional(),
  category: z.string().trim().max(60).optional(),
  kbSuggestions: z.array(z.string().max(120)).max(10).default([]),
  /** A problem record: the incident it is raised from. */
  raisedFrom: z
    .string()
    .regex(/^(INC|REQ)-\d{1,9}$/)
    .optional(),
});
export type OpenTicketInput = z.input<typeof openTicketInput>;

export const queueFilter = z.enum(['all', 'mine', 'unassigned', 'breaching']).default('all');
export type QueueFilter = z.infer<typeof queueFilter>;

export { prioritySchema, supportLevelSchema };
