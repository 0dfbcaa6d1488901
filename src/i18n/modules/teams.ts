import { defineMessages } from '../define';

/** Microsoft Teams channel (`teams.*`): what only Teams shows (card forms, fields, interim answers). */
export const teams = defineMessages({
  en: {
    welcome:
      'Hello {{name}}, I am the IT helpdesk. Describe your problem in a few words and I will look for an answer or open a ticket.\nYou can also write `new` for a ticket form, `my tickets`, `status INC-000042` or `help`.',
    channel_welcome:
      'The helpdesk is ready in this team. Agents: mention me with a command, e.g. `@Helpdesk queue` or `@Helpdesk claim INC-000042`.',
    working: 'Working on it… the result will be posted here in a moment.',
    already_handled: 'Already handled.',
    unsupported: 'This card can no longer be used. Write your request again, or `help`.',
    form: {
      title: 'New request',
      type: 'What do you need?',
      incident: 'Something is broken or not working (incident)',
      request: 'I need something: access, equipment, information (service request)',
      description: 'Describe it in a few words',
      description_placeholder: 'e.g. Outlook asks for my password again and again since this morning',
      description_required: 'Please describe your request.',
      impact: 'Who is affected?',
      urgency: 'How urgent is it?',
      not_sure: 'Not sure',
      submit: 'Open the ticket',
    },
    input: {
      assign: 'Assign to (name or AAD object id)',
      escalate: 'Reason (start with L2 or L3 to choose the level)',
      resolve: 'Resolution',
      reply: 'Your message to the service desk',
      required: 'Please fill in this field.',
      submit: 'Send',
    },
    actions: {
      reply: 'Reply',
    },
  },
  fr: {
    welcome:
      'Bonjour {{name}}, je suis le support informatique. Décrivez votre problème en quelques mots : je cherche une réponse ou j’ouvre un ticket.\nVous pouvez aussi écrire `nouveau` pour un formulaire, `mes tickets`, `statut INC-000042` ou `aide`.',
    channel_welcome:
      'Le support est prêt dans cette équipe. Techniciens : mentionnez-moi avec une commande, par ex. `@Helpdesk file` ou `@Helpdesk prendre INC-000042`.',
    working: 'C’est en cours… le résultat sera publié ici dans un instant.',
    already_handled: 'Déjà traité.',
    unsupported: 'Cette carte n’est plus utilisable. Réécrivez votre demande, ou `aide`.',
    form: {
      title: 'Nouvelle demande',
      type: 'De quoi avez-vous besoin ?',
      incident: 'Quelque chose est en panne ou ne fonctionne pas (incident)',
      request: 'J’ai besoin de quelque chose : accès, matériel, information (demande de service)',
      description: 'Décrivez-le en quelques mots',
      description_placeholder: 'ex. Outlook me redemande sans cesse mon mot de passe depuis ce matin',
      description_required: 'Merci de décrire votre demande.',
      impact: 'Qui est concerné ?',
      urgency: 'Quelle est l’urgence ?',
      not_sure: 'Je ne sais pas',
      submit: 'Ouvrir le ticket',
    },
    input: {
      assign: 'Assigner à (nom ou identifiant AAD)',
      escalate: 'Motif (commencez par L2 ou L3 pour choisir le niveau)',
      resolve: 'Résolution',
      reply: 'Votre message au support',
      required: 'Merci de remplir ce champ.',
      submit: 'Envoyer',
    },
    actions: {
      reply: 'Répondre',
    },
  },
});
