/*
 * The command line's application: everything but its entry (main.ts), which loads this module
 * once Node's compile cache is on. Built, it is one file (scripts/bundle-cli.cjs bundles it with
 * its dependencies), so requiring it compiles the whole application but runs none of it: each
 * part below runs when asked for, Chromium's start first, then the commands' load.
 */

/** Chromium started before the commands load (chromium-first.ts). */
export const chromiumPart = () => import('./chromium-first.js');

/** The commands, with Nest, MikroORM and the rest (cli.commands.ts). */
export const commandsPart = () => import('./cli.commands.js');
