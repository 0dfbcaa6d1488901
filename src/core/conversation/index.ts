export * from './assistant';
export * from './commands';
export { Drafts, draftModel, type Draft } from './drafts';
export { ticketCommands } from './ticketCommands';
export { recordCommands } from './recordCommands';
