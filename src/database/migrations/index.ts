import type { MixedList } from 'typeorm';

/** Every migration, oldest first. A new migration is added here as well. */
export const MIGRATIONS: MixedList<Function> = [];
