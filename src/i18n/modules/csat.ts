import { defineMessages } from '../define';

/** Satisfaction surveys (`csat.*`): post-resolution CSAT polls and periodic NPS surveys. */
export const csat = defineMessages({
  en: {
    poll: 'How satisfied are you with how *{{number}}* ({{title}}) was handled?\n1 = very dissatisfied · 5 = very satisfied',
    reminder: 'Reminder: how satisfied are you with how *{{number}}* ({{title}}) was handled? One click is enough.',
    scale: { 1: '1 😞', 2: '2 🙁', 3: '3 😐', 4: '4 🙂', 5: '5 😄' },
    thanks: 'Thank you! Your rating of {{score}}/5 for *{{number}}* is recorded.',
    updated: 'Your rating for *{{number}}* is now {{score}}/5; it replaces your previous answer.',
    low: 'Sorry it did not go well. The team lead has been told and will look into it. If the problem is still there, you can reopen the ticket.',
    ask_comment: 'Any comment? Just reply here within {{minutes}} minutes, or ignore this message.',
    comment_thanks: 'Thank you, your comment on *{{number}}* is recorded.',
    comment_new_request: 'That was a new request',
    comment_withdrawn: "Understood: that message is no longer a survey comment. Let's treat it as a new request.",
    comment_gone: 'That message is no longer a survey comment: it was already taken back.',
    lead_alert:
      '⚠️ Low satisfaction on *{{number}}* ({{title}}): {{score}}/5 from {{requester}}. Handled by {{agent}} ({{team}}).',
    lead_alert_comment:
      '⚠️ Low satisfaction on *{{number}}* ({{title}}): {{score}}/5 from {{requester}}. Handled by {{agent}} ({{team}}).\n> {{comment}}',
    lead_comment: '💬 Comment from {{requester}} on *{{number}}* ({{score}}/5):\n> {{comment}}',
    refused: {
      invalid: 'This survey button is not valid. Nothing was recorded.',
      not_found: 'This survey does not exist. Nothing was recorded.',
      not_requester: 'This survey was sent to someone else; only they can answer it. Nothing was recorded.',
      closed: 'This survey is closed. Nothing was recorded.',
      expired: 'This survey has expired. Thank you all the same!',
    },
    nps: {
      poll: 'How likely are you to recommend the IT service desk to a colleague?\n0 = not at all likely · 10 = extremely likely',
      thanks: 'Thank you! Your score of {{score}}/10 is recorded.',
      updated: 'Your score is now {{score}}/10; it replaces your previous answer.',
      ask_why:
        'What is the main reason for your score? Just reply here within {{minutes}} minutes, or ignore this message.',
      comment_thanks: 'Thank you for explaining, it helps us improve.',
    },
  },
  fr: {
    poll: 'Êtes-vous satisfait(e) du traitement de *{{number}}* ({{title}}) ?\n1 = très insatisfait(e) · 5 = très satisfait(e)',
    reminder: 'Petit rappel : êtes-vous satisfait(e) du traitement de *{{number}}* ({{title}}) ? Un clic suffit.',
    scale: { 1: '1 😞', 2: '2 🙁', 3: '3 😐', 4: '4 🙂', 5: '5 😄' },
    thanks: 'Merci ! Votre note de {{score}}/5 pour *{{number}}* est enregistrée.',
    updated: 'Votre note pour *{{number}}* est maintenant {{score}}/5 ; elle remplace votre réponse précédente.',
    low: "Désolés que cela ne se soit pas bien passé. Le responsable de l'équipe est prévenu et va s'en occuper. Si le problème persiste, vous pouvez rouvrir le ticket.",
    ask_comment: 'Un commentaire ? Répondez simplement ici dans les {{minutes}} minutes, ou ignorez ce message.',
    comment_thanks: 'Merci, votre commentaire sur *{{number}}* est enregistré.',
    comment_new_request: "C'était une nouvelle demande",
    comment_withdrawn:
      "Entendu : ce message n'est plus un commentaire d'enquête. Traitons-le comme une nouvelle demande.",
    comment_gone: "Ce message n'est plus un commentaire d'enquête : il a déjà été retiré.",
    lead_alert:
      '⚠️ Satisfaction basse sur *{{number}}* ({{title}}) : {{score}}/5 de {{requester}}. Traité par {{agent}} ({{team}}).',
    lead_alert_comment:
      '⚠️ Satisfaction basse sur *{{number}}* ({{title}}) : {{score}}/5 de {{requester}}. Traité par {{agent}} ({{team}}).\n> {{comment}}',
    lead_comment: '💬 Commentaire de {{requester}} sur *{{number}}* ({{score}}/5) :\n> {{comment}}',
    refused: {
      invalid: "Ce bouton d'enquête n'est pas valide. Rien n'a été enregistré.",
      not_found: "Cette enquête n'existe pas. Rien n'a été enregistré.",
      not_requester:
        "Cette enquête a été envoyée à quelqu'un d'autre ; seule cette personne peut y répondre. Rien n'a été enregistré.",
      closed: "Cette enquête est close. Rien n'a été enregistré.",
      expired: 'Cette enquête a expiré. Merci quand même !',
    },
    nps: {
      poll: 'Recommanderiez-vous le support informatique à un(e) collègue ?\n0 = pas du tout probable · 10 = très probable',
      thanks: 'Merci ! Votre note de {{score}}/10 est enregistrée.',
      updated: 'Votre note est maintenant {{score}}/10 ; elle remplace votre réponse précédente.',
      ask_why:
        'Quelle est la principale raison de votre note ? Répondez simplement ici dans les {{minutes}} minutes, ou ignorez ce message.',
      comment_thanks: 'Merci pour cette explication, elle nous aide à progresser.',
    },
  },
});
