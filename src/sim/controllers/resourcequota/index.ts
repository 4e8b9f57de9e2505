/** The resource quota controller (pkg/controller/resourcequota). */
export { ResourceQuotaController, QUOTA_RESYNC_MS, quotaStatus } from './controller';
