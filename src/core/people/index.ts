export * from './model';
export { People, type IdentityHint } from './service';
