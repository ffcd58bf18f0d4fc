/** A module that exports no plugin. */
export const greeting = 'hello';
