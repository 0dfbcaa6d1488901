export * from './calendar';
export * from './clock';
export * from './breaches';
export * from './oncall';
export { SlaService } from './service';
export type { SlaEngine } from './engine';
export { SlaFlows, type SweepReport, type OnCallLine } from './flows';
export { SlaRequests, slaRequestModel, type SlaRequest } from './requests';
export { slaCommands, registerSlaActions, registerSlaConversation } from './commands';
