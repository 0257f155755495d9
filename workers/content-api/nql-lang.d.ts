// @tryghost/nql-lang ships CommonJS without types; this is the one function Lede calls.
declare module '@tryghost/nql-lang' {
  const nql: {
    /** Parses an NQL filter into Mongo-style JSON; throws an Error whose message starts "Query Error:". */
    parse(input: string, options?: { preserveRelativeDates?: boolean }): unknown;
  };
  export default nql;
}
