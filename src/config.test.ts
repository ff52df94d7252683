import { describe, expect, it } from 'vitest';
import { ConfigError, developmentStandIns, loadConfig, startupWarnings } from './config.js';

describe('loadConfig', () => {
  it('has defaults that start the embedded portal on port 3000', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBe('./data');
    expect(config.DATABASE_URL).toBeNull();
    expect(config.PUBLIC_URL).toBe('http://localhost:3000');
    expect(config.JOBS_IN_PROCESS).toBeUndefined();
  });

  it('derives the public address from where it listens, unless one is given', () => {
    expect(loadConfig({ HOST: '127.0.0.1', PORT: '3901' }).PUBLIC_URL).toBe(
      'http://127.0.0.1:3901',
    );
    expect(loadConfig({ HOST: '::', PORT: '3901' }).PUBLIC_URL).toBe('http://localhost:3901');
    expect(loadConfig({ HOST: '::1' }).PUBLIC_URL).toBe('http://[::1]:3000');
    expect(
      loadConfig({ HOST: '127.0.0.1', PUBLIC_URL: 'https://dichvucong.example.vn' }).PUBLIC_URL,
    ).toBe('https://dichvucong.example.vn');
  });

  it('reads numbers, booleans and URLs from text', () => {
    const config = loadConfig({
      PORT: '8080',
      SEED_ON_START: 'false',
      DATABASE_URL: 'postgres://u@db/motcua',
      PUBLIC_URL: 'https://dichvucong.example.vn/',
    });
    expect(config.PORT).toBe(8080);
    expect(config.SEED_ON_START).toBe(false);
    expect(config.DATABASE_URL).toBe('postgres://u@db/motcua');
    expect(config.PUBLIC_URL).toBe('https://dichvucong.example.vn');
  });

  it('lists every bad value at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('DATABASE_URL');
      expect(problems).toContain('LOG_LEVEL');
    }
  });

  it('trusts no proxy unless told which ones, and refuses what is not an address or range', () => {
    expect(loadConfig({}).TRUST_PROXY).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: 'off' }).TRUST_PROXY).toEqual([]);
    expect(
      loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.4,loopback, fd00::/8' }).TRUST_PROXY,
    ).toEqual(['10.0.0.0/8', '192.168.1.4', 'loopback', 'fd00::/8']);
    for (const bad of ['true', '10.0.0.0/33', '1.2.3', 'everyone']) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });

  it('runs the development stand-ins by default on the embedded database, never in production', () => {
    expect(developmentStandIns(loadConfig({}))).toBe(true);
    expect(developmentStandIns(loadConfig({ DATABASE_URL: 'postgres://u@db/m' }))).toBe(false);
    expect(developmentStandIns(loadConfig({ NODE_ENV: 'production' }))).toBe(false);
    expect(developmentStandIns(loadConfig({ NODE_ENV: 'production', IDP_SIMULATOR: 'true' }))).toBe(
      true,
    );
  });

  it('refuses settings that only make sense together when one is missing', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ DATABASE_REPLICA_URL: 'postgres://u@replica/m' }).join()).toContain(
      'DATABASE_REPLICA_URL',
    );
    expect(problems({ FILE_STORE: 's3' }).join()).toContain('S3_BUCKET');
    expect(problems({ S3_ACCESS_KEY_ID: 'key' }).join()).toContain('S3_SECRET_ACCESS_KEY');
    expect(problems({ ROLE: 'both' }).join()).toContain('ROLE');
    const scaled = loadConfig({
      DATABASE_URL: 'postgres://u@db/m',
      DATABASE_REPLICA_URL: 'postgres://u@replica/m',
      REDIS_URL: 'redis://127.0.0.1:6379',
      FILE_STORE: 's3',
      S3_BUCKET: 'mot-cua-files',
      ROLE: 'worker',
    });
    expect(scaled.DATABASE_REPLICA_URL).toBe('postgres://u@replica/m');
    expect(scaled.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(scaled.ROLE).toBe('worker');
  });

  it('warns at start about the simulator in production and what is not set up', () => {
    const simulatorInProduction = startupWarnings(
      loadConfig({ NODE_ENV: 'production', IDP_SIMULATOR: 'true' }),
    );
    expect(simulatorInProduction.join('\n')).toContain('IDP_SIMULATOR is on in production');
    expect(startupWarnings(loadConfig({}))).toEqual([]);
    const production = startupWarnings(loadConfig({ NODE_ENV: 'production' })).join('\n');
    expect(production).toContain('SMTP_URL or SMS_GATEWAY_URL is not set');
    expect(production).toContain('SIGNING_P12_PATH');
    expect(production).not.toContain('IDP_SIMULATOR');
  });
});
