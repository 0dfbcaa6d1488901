/**
 * What a requester's message on a resolved ticket means. Most such messages say the problem is
 * back; a reopen that was not wanted costs an agent a glance, a missed one leaves the requester
 * waiting on a ticket nobody looks at. So a message reopens the ticket unless it only thanks or
 * confirms the fix ("thanks, it works", "merci, c'est bon", 👍) without a word of trouble.
 */
export function confirmsResolution(text: string): boolean {
  const words = fold(text);
  const rest = REASSURING.reduce((s, phrase) => s.replace(phrase, ' ok '), words);
  return CONFIRMS.some((cue) => cue.test(rest)) && !TROUBLE.some((cue) => cue.test(rest));
}

/** Lower case, accents and typographic apostrophes folded: `Ça marche’` → `ca marche'`. */
function fold(text: string): string {
  return ` ${text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')} `;
}

/** Reassurances worded with a negation or "again" that mean "all good". */
const REASSURING = [
  /\bno (problems?|issues?|worries|worry)\b/g,
  /\b(works?|working|fine) (again|now)\b/g,
  /\bnothing else\b/g,
  /\b(pas|plus) de (soucis?|problemes?|quoi)\b/g,
  /\bsans (soucis?|problemes?)\b/g,
  /\b(marche|fonctionne) (a nouveau|de nouveau|maintenant)\b/g,
  /\b(remarche|refonctionne)\b/g,
  /\brien d'autre\b/g,
];

const CONFIRMS = [
  /\b(thanks?|thank you|thx|ty|cheers|merci|ok|okay|great|perfect|awesome|excellent|super|parfait|genial|top|nickel|impeccable|cool)\b/,
  /\b(works?|working|fixed|solved|sorted|resolved)\b/,
  /\b(marche|fonctionne|regle|resolu|repare|c'est bon)\b/,
  /(👍|🙏|✅|🙂|😀|😊|👌)/u,
];

const TROUBLE = [
  /\b(not|no longer|nope|never|still|again|same|back|keeps?|stopped|broken|fails?|failed|failing|errors?|issues?|problems?|wrong|worse)\b/,
  /n't\b|\b(doesnt|dont|didnt|cant|wont|isnt)\b/,
  /\b(ne|pas|plus|toujours|encore|jamais|revenu|revient|recommence|persiste|de nouveau|a nouveau|panne|erreur|bug|plante|bloque|soucis?|problemes?)\b/,
  /\bn'/,
  /\?/,
];
