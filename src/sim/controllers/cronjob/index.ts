/** The CronJob controller; wire with `new CronJobController()` in the simulator's components. */
export { CronJobController } from './controller';
export { compileSchedule } from './schedule';
export { jobName } from './job-template';
