import type { ArticleInput } from '../../../src/core/kb';

/** Two printers named alike, and topics apart: "the printer jams" is a question, "the VPN refuses to connect" an answer. */
export const KB: ArticleInput[] = [
  {
    id: 'printer-second-floor',
    locale: 'en',
    title: 'Second-floor printer jams',
    body: 'Open tray 2, pull out the jammed sheet and close the tray. The printer restarts by itself.',
    tags: ['printer', 'paper jam'],
  },
  {
    id: 'printer-third-floor',
    locale: 'en',
    title: 'Third-floor printer jams',
    body: 'Lift the top cover, pull out the jammed sheet and close the cover. The printer restarts by itself.',
    tags: ['printer', 'paper jam'],
  },
  {
    id: 'vpn-connect',
    locale: 'en',
    title: 'The VPN refuses to connect',
    body: 'Quit GlobalProtect, check that you are online, then connect again with your usual password.',
    tags: ['vpn', 'globalprotect'],
  },
  {
    id: 'mailbox-quota',
    locale: 'en',
    title: 'Mailbox full',
    body: 'Empty the deleted items folder and archive old mail to free up space in your mailbox.',
    tags: ['mailbox', 'quota'],
  },
  {
    id: 'imprimante-deuxieme',
    locale: 'fr',
    title: "Bourrage de l'imprimante du deuxième étage",
    body: 'Ouvrez le bac 2, retirez la feuille coincée et refermez le bac. L’imprimante redémarre seule.',
    tags: ['imprimante', 'bourrage'],
  },
  {
    id: 'imprimante-troisieme',
    locale: 'fr',
    title: "Bourrage de l'imprimante du troisième étage",
    body: 'Soulevez le capot, retirez la feuille coincée et refermez le capot. L’imprimante redémarre seule.',
    tags: ['imprimante', 'bourrage'],
  },
  {
    id: 'vpn-connexion',
    locale: 'fr',
    title: 'Le VPN refuse de se connecter',
    body: 'Quittez GlobalProtect, vérifiez que vous êtes en ligne, puis reconnectez-vous avec votre mot de passe habituel.',
    tags: ['vpn', 'globalprotect'],
  },
  {
    id: 'boite-pleine',
    locale: 'fr',
    title: 'Boîte aux lettres pleine',
    body: 'Videz le dossier des éléments supprimés et archivez les anciens messages pour libérer de la place.',
    tags: ['boîte aux lettres', 'quota'],
  },
];
