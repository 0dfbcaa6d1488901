export * from './model';
export { TicketService, requireAgent, type TicketChange, type TicketListener } from './service';
export { parseTicketNumber, allocateNumber, formatNumber } from './numbering';
export { canTransition, TRANSITIONS } from './lifecycle';
export * from './schemas';
