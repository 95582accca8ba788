/**
 * Vitest global setup: one PostgreSQL cluster for the whole run (see bench/postgres-cluster.ts), and
 * in it a migrated template database every test database is created from.
 */
import { startLocalCluster } from '../../bench/postgres-cluster.js';
import { openPostgres } from '../../src/engines/postgres/engine.js';
import { migrate } from '../../src/services/migrate.js';
import { TEMPLATE_DATABASE, withDatabase } from './postgres.js';

export default async function setup(): Promise<() => void> {
  const cluster = await startLocalCluster();
  const admin = await openPostgres({ url: cluster.url, maxConnections: 2 });
  try {
    await admin.run(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
    await admin.run(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.close();
  }
  const template = await openPostgres({
    url: withDatabase(cluster.url, TEMPLATE_DATABASE),
    maxConnections: 2,
  });
  try {
    await migrate(template);
  } finally {
    await template.close();
  }
  // The test workers are started after this and inherit it.
  process.env.SERVICEMETER_TEST_POSTGRES_SERVER = cluster.url;
  return () => cluster.stop();
}
