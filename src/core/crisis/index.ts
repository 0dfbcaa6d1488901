export { CrisisCell, type CrisisCellDeps, type CrisisResult, type Invocation } from './flows';
export type { ReminderReport } from './reminders';
export type { CrisisLogger, StepFailure } from './roomSteps';
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
