export { CrisisCell, type CrisisCellDeps } from './flows';
export { UpdateReminders, type ReminderReport } from './jobs';
export { CrisisReactions } from './reactions';
export type { CrisisLogger } from './roomSteps';
export {
  CrisisService,
  parseCrisisNumber,
  type CrisisStats,
  type CrisisSeverityStats,
  type DurationStats,
} from './service';
export { CrisisPresenter } from './presenter';
export { postIncidentReport } from './report';
export {
  CrisisRooms,
  RoomError,
  candidateNames,
  roomName,
  type CrisisRoomProvider,
  type RoomJournal,
  type RoomRef,
  type RoomSpec,
} from './rooms';
export { registerCrisisConversation, crisisCommands, withCrisisErrors, DECLARE_ACTION } from './commands';
export * from './model';
