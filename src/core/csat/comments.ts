import { Types, type Connection, type Model } from 'mongoose';
import { claim } from '../../db/claims';
import type { Actor } from '../people';

/** The outcome of taking a survey comment back ("that was a new request"). */
export type CommentWithdrawal =
  { ok: true; text: string } | { ok: false; reason: 'invalid' | 'not_found' | 'not_requester' | 'gone' };

interface Commented {
  _id: Types.ObjectId;
  comment?: string;
  commentAt?: Date;
}

/**
 * "That was a new request", for a CSAT poll or an NPS response: the comment taken at `commentAt`
 * leaves the survey and its text is handed back, once (a unique claim, as FerretDB's filtered
 * updates are not atomic), to the person who was asked only. A later comment, after a new score,
 * is not touched.
 */
export async function withdrawComment<T extends Commented>(input: {
  connection: Connection;
  now: Date;
  model: Model<T>;
  kind: 'csat' | 'nps';
  id: string;
  commentAt: number;
  actor: Actor;
  askedKey: (survey: T) => string;
}): Promise<CommentWithdrawal> {
  const { model, id, commentAt } = input;
  const survey = Types.ObjectId.isValid(id) ? await model.findById(id).lean<T>() : null;
  if (!survey) return { ok: false, reason: 'not_found' };
  if (input.askedKey(survey) !== input.actor.person.key) return { ok: false, reason: 'not_requester' };
  const text = survey.comment;
  if (!text || survey.commentAt?.getTime() !== commentAt) return { ok: false, reason: 'gone' };
  if (!(await claim(input.connection, `${input.kind}:comment:${id}:${commentAt}`, input.now)))
    return { ok: false, reason: 'gone' };
  await model.updateOne(
    { _id: survey._id, commentAt: survey.commentAt } as never,
    {
      $unset: { comment: 1, commentAt: 1 },
    } as never,
  );
  return { ok: true, text };
}
