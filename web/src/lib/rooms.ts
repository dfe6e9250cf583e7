import type { TFunction } from 'i18next';
import type { Room } from './types';

/**
 * The rooms the server creates at first start carry their Chinese name and description;
 * the client shows them in the reader's language by slug. Rooms moderators create keep
 * the name they were given.
 */
const BUILT_IN = new Set(['general', 'golden-crown-lounge']);

export function roomName(room: Pick<Room, 'slug' | 'name'>, t: TFunction): string {
  return BUILT_IN.has(room.slug) ? t(`rooms.builtIn.${room.slug}.name`) : room.name;
}

export function roomDescription(room: Pick<Room, 'slug' | 'description'>, t: TFunction): string {
  return BUILT_IN.has(room.slug) ? t(`rooms.builtIn.${room.slug}.description`) : room.description;
}
