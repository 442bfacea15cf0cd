import type { Tone } from '../ui/ui';
import type { ReplayStatus } from './types';

export const STATUS_TONE: Record<ReplayStatus, Tone> = {
  queued: 'neutral',
  running: 'info',
  done: 'good',
  failed: 'bad',
};
