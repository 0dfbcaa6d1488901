import type { KbLocale } from './types';

/*
 * Words that say nothing about which article answers a message. Written folded (lower case, no
 * accents) because they are compared after accent folding. Besides grammar words they hold the
 * small talk and helpdesk filler people wrap a request in ("bonjour, j'ai un souci, merci"), and
 * the elided chat forms typed without an apostrophe ("jai", "cest"): a message made only of such
 * words has nothing to match and must abstain. The verb "arriver" is listed because in a helpdesk
 * chat it is nearly always "je n'arrive pas à…" (I can't), while the nouns "arrivée"/"arrivant"
 * (a new starter) stay meaningful.
 */

const FRENCH = `
a ai aie aient aies ait alors as au aucun aucune aujourd aujourdhui aura aurai auraient aurais
aurait auras aurez auriez aurions aurons auront aussi autre autres aux avaient avais avait avant
avec avez aviez avions avoir avons ayant ayez ayons bah bcp beaucoup ben bien bon bonjour bonne
bonsoir c ca car ce ceci cela celle celles celui cependant ces cet cette ceux chacun chaque chez
ci comme comment cordialement coucou d dans de deja demain depuis des desole desolee devoir
devrais devrait doit dois donc dont du elle elles en encore ensuite entre es est et etaient etais
etait etant ete etes etiez etions etre eu eue eues eurent eus eut eux fais faire fait faites faut
fois fus fut hello hier ici il ils j je jusqu jusque l la le les leur leurs lui m ma maintenant
mais matin me meme merci mes moi moins mon n ne ni non nos notre nous on ont ou oui par parce pas
peu peut peuvent peux plait plus pour pourquoi pourrais pourrait pourriez pouvez pouvoir puis
puisque qu quand que quel quelle quelles quelqu quelque quelques quels qui quoi s sa salut sans se
sera serai seraient serais serait seras serez seriez serions serons seront ses si sil sils soi
soient soir soit sommes son sont soyez soyons suis sur svp stp t ta tant te tes toi ton toujours
tous tout toute toutes tres trop tu un une vais va veux voila voudrais voulais vouloir vos votre
vous vraiment y
jai javais jaurais jy jen jetais jsuis chui cest cetait quil quils quon nest ny dun dune
lundi mardi mercredi jeudi vendredi samedi dimanche
aide aider besoin probleme problemes souci soucis pb question urgent truc chose ok okay
dit dire dis met mets mettre essaie essaye essayer marche marchent marcher fonctionne fonctionnent
fonctionner veut voir vois voit sais sait savoir rien grave genre bref super presque impossible
quelquun hui ya
arrive arrives arrivons arrivez arrivent arriver arrivais arrivait jarrive narrive jarrivais
`;

const ENGLISH = `
a about above after again against all also am an and any anymore anyone anything are as at be
because been before being below between both but by can cannot cant could couldnt did didnt do
does doesnt doing done dont down during each else even ever every everything few for from further
get gets getting got had hadnt has hasnt have havent having he her here hers herself him himself
his how i id if ill im in into is isnt it its itself ive just let lets me more most much my
myself no nor not now of off on once only or other our ours ourselves out over own please pls plz
same she should shouldnt so some someone something still such than that thats the their theirs
them themselves then there theres these they this those through to too under until up upon us
very was wasnt we were werent what whats when where wheres which while who whom why will with
wont would wouldnt yet you your yours yourself yourselves
hi hello hey thanks thank thx cheers ok okay yes sorry dear regards
today tonight yesterday tomorrow morning afternoon evening
monday tuesday wednesday thursday friday saturday sunday
help need needs want wanted wants like really
issue issues problem problems question urgent asap
lot lots bit says say said tell told keep keeps kept try tried trying ask asks asking asked know
think seems seem sure maybe guys anybody nobody everyone everybody somebody thing things stuff way
one ones mine via etc unable since ago already almost enough quite pretty super totally
`;

const sets: Record<KbLocale, ReadonlySet<string>> = {
  fr: new Set(FRENCH.split(/\s+/).filter(Boolean)),
  en: new Set(ENGLISH.split(/\s+/).filter(Boolean)),
};

export function isStopWord(word: string, locale: KbLocale): boolean {
  return sets[locale].has(word);
}

/** Share of a message's words that are stop words of the locale: the cue for language detection. */
export function stopWordHits(words: readonly string[], locale: KbLocale): number {
  let hits = 0;
  for (const w of words) if (sets[locale].has(w)) hits += 1;
  return hits;
}
