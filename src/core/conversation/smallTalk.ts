/**
 * Messages that carry no request: thanks, greetings, "ok", punctuation or emoji alone. They get a
 * friendly word instead of the ticket questions. An explicit list on purpose: "help!", "urgent"
 * or "ça ne marche pas" hold nothing the knowledge base can match either, yet they are requests,
 * so "no content word" cannot be the rule. Anything with a word outside these lists is a request.
 */
export type SmallTalk = 'thanks' | 'greeting' | 'solved' | 'other';

const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));

const THANKS = words(`
  thanks thank thx tx ty tks cheers appreciated appreciate grateful
  merci mercii remercie remercions bye goodbye ciao revoir journee soiree weekend
`);
const GREETINGS = words(`hello hi hey hiya yo morning evening afternoon bonjour bonsoir salut coucou`);
/** Acknowledgements and the little words around them, English and French (folded). */
const FILLER = words(`
  ok okay okey oki kk k yes yep yeah yup no nope sure fine cool great perfect nice good excellent
  awesome noted understood got it you u so very much a lot lots again all for the your this that
  is was s have nice day
  oui ouais non parfait super top genial bien tres infiniment encore mille fois beaucoup pour votre
  ton ta tout toi vous c est cest sympa d accord daccord dac entendu compris note au bonne de rien
  le la les
`);
/**
 * "It works", "ça marche", "problem solved": a polite closing when every other word is small talk
 * too. Negations ("ne", "pas", "not", "doesn't") and "still" are in no list, so "ça ne marche pas"
 * or "it still does not work" stay requests; so does any of them asked as a question.
 */
const SOLVED = words(`
  works working worked fixed solved sorted resolved
  marche fonctionne remarche refonctionne regle resolu repare nickel impeccable
`);
/** Words that are small talk only beside a SOLVED word ("it works now", "problème résolu"). */
const AROUND_SOLVED = words(`
  it its now again all everything me perfectly problem issue ca tout maintenant nouveau a de bon moi parfaitement probleme
`);
/** Words that are small talk only after a thank-you ("thanks for your help"); alone they ask for something. */
const THANKED_FOR = words(`help aide support reply answer reponse`);
const THANKS_EMOJI = /[\u{1F64F}\u{1F44D}\u{1F44C}\u{2764}\u{1F60A}\u{1F642}]/u;
const MAX_WORDS = 8;

/** Lower case, no accents, apostrophes split: "C’est parfait" → c est parfait. */
function foldedWords(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .match(/[\p{L}\d]+/gu) ?? []
  );
}

/** The kind of small talk a message is, or null when it may be a request. */
export function smallTalk(text: string): SmallTalk | null {
  const found = foldedWords(text);
  if (!found.length) return THANKS_EMOJI.test(text) ? 'thanks' : 'other';
  // A lone letter ("a", "x") is a slip of the keyboard.
  if (found.length === 1 && /^\p{L}$/u.test(found[0])) return 'other';
  if (found.length > MAX_WORDS) return null;
  const thanks = found.some((w) => THANKS.has(w)) || THANKS_EMOJI.test(text);
  const solved = !text.includes('?') && found.some((w) => SOLVED.has(w));
  const known = (w: string) =>
    THANKS.has(w) ||
    GREETINGS.has(w) ||
    FILLER.has(w) ||
    (thanks && THANKED_FOR.has(w)) ||
    (solved && (SOLVED.has(w) || AROUND_SOLVED.has(w)));
  if (!found.every(known)) return null;
  if (solved) return 'solved';
  if (thanks) return 'thanks';
  if (found.some((w) => GREETINGS.has(w))) return 'greeting';
  return 'other';
}
