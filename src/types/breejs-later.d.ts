// The parts of @breejs/later (the schedule engine Bree uses) that this project calls; it ships no types.
declare module '@breejs/later' {
  interface ScheduleData {
    schedules: Array<Record<string, number[]>>;
    exceptions: Array<Record<string, number[]>>;
    error?: number;
  }
  interface Schedule {
    next(count: 1, start?: Date, end?: Date): Date | 0;
    next(count: number, start?: Date, end?: Date): Date[] | 0;
    prev(count: 1, start?: Date, end?: Date): Date | 0;
    prev(count: number, start?: Date, end?: Date): Date[] | 0;
  }
  const later: {
    parse: { cron(expression: string, hasSeconds?: boolean): ScheduleData };
    schedule(data: ScheduleData): Schedule;
    date: { localTime(): void; UTC(): void };
  };
  export default later;
}
