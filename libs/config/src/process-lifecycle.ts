import { ConfigError, loadConfig, type MutuConfig } from './mutu-config';

/** Builds the configuration or ends the process with the readable reason (exit code 78, EX_CONFIG). */
export function loadConfigOrExit(env: Record<string, string | undefined>): MutuConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
}

/**
 * Runs `shutdown` once on SIGINT or SIGTERM, then exits. A second signal while it runs forces
 * the exit, for an operator who really means it.
 */
export function shutdownOnSignals(shutdown: () => Promise<void>, log: (line: string) => void): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} kedua: berhenti paksa`);
      process.exit(130);
    }
    stopping = true;
    log(`${signal} diterima: menghentikan layanan…`);
    shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`Gagal berhenti dengan rapi: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/**
 * The environment for a program this process starts: its own, with `overrides` set (Chromium
 * gets its temporary folder this way). Configuration is still read only through MutuConfig; this
 * only passes the environment on, as a child started without `env` would get it.
 */
export function childEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
