// The app imports the policy table and the workflow rules from the Worker's own modules (one source of truth for
// who may do what). Those modules mention two Workers runtime types in signatures the app never calls; these
// stand-ins let the app's typecheck run with the browser's DOM types instead of the Workers runtime's.
type D1Database = object;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- only its name is referenced
interface Env {}
