/** The event store's testing surface (@app/event-store/testing): which engines this machine has, for specs. */
export { describeWhen, engines, freshSchema } from './engines';
