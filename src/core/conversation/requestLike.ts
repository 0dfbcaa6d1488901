/**
 * Whether a direct message reads like a new request rather than a remark on the service: someone
 * asking for something ("could you install Visio", "j'ai besoin d'un écran") or reporting
 * something that does not work ("my printer is broken", "Outlook ne s'ouvre plus"). Used where a
 * message would otherwise be taken as something else (a survey's comment): a cue of either kind
 * in either language is enough. Words of praise or blame ("fast", "trop long") are no cue.
 */
export function readsLikeRequest(text: string): boolean {
  const folded = fold(text);
  return CUES.some((cue) => cue.test(folded));
}

/** Lower case, accents and typographic apostrophes folded, one space between words. */
function fold(text: string): string {
  return ` ${text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[’‘`]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')} `;
}

const CUES = [
  // Asking for something (English).
  /\b(could|can|would|will) you (please )?(install|reset|unlock|give|add|create|send|order|set up|setup|change|remove|check|fix|help)\b/,
  /\b(i need|i'd need|we need|i would like|i'd like|i want to request|i'm requesting|requesting)\b/,
  /\bplease (install|reset|unlock|give|add|create|send|order|set up|change|remove|fix|help)\b/,
  /\b(how (do|can|should) i|where (can|do) i|is it possible to)\b/,
  /\b(new|another|a second) (laptop|computer|pc|monitor|screen|keyboard|mouse|phone|headset|badge|account|licen[cs]e|access)\b/,
  // Something does not work (English).
  /\b(can't|cannot|can not|unable to|won't|doesn't|does not|isn't working|is not working|not working|stopped working|no longer works?)\b/,
  /\b(is|are|got|keeps?) (broken|down|stuck|frozen|locked|crashing|failing)\b/,
  /\b(error|crash(es|ed)?|locked out|forgot my|lost my|blue screen)\b/,
  // Asking for something (French).
  /\b(pourriez|pouvez|pourrais|peux)[- ](vous|tu) (m'|me |installer|reinitialiser|debloquer|donner|ajouter|creer|envoyer|commander|changer|supprimer|verifier|reparer|aider)/,
  /\b(j'ai besoin|nous avons besoin|besoin d'un|besoin d'une|je voudrais|j'aimerais|je souhaite|je souhaiterais)\b/,
  /\bmerci de (bien vouloir |m'|me |nous )?(installer|reinitialiser|debloquer|donner|ajouter|creer|envoyer|commander|changer|supprimer|verifier|reparer)/,
  /\b(comment (faire|puis-je|je peux|on fait)|ou (puis-je|trouver)|est-il possible de)\b/,
  /\b(nouvel|nouveau|nouvelle|autre|un second|une seconde|un deuxieme|une deuxieme) (ordinateur|pc|portable|ecran|clavier|souris|telephone|casque|badge|compte|licence|acces)\b/,
  // Something does not work (French).
  /\b(ne|n')\s?(marche|fonctionne|demarre|s'ouvre|s'allume|repond|imprime|charge|se connecte|m'affiche) (pas|plus)\b/,
  /\b(n'arrive (pas|plus)|impossible de|je ne peux (pas|plus)|je n'ai (pas|plus) acces)\b/,
  /\b(est|sont) (en panne|bloquee?s?|plante|casse(e|s|es)?)\b/,
  /\b(erreur|plante|en panne|mot de passe oublie|ecran bleu)\b/,
];
