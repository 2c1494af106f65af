import { workerSlots } from '@mlserve/observability';

/** Busy and idle job slots of this worker, exported as mlserve_worker_slots{state}. */
export class SlotTracker {
  private busy = 0;

  constructor(private readonly capacity: number) {
    this.publish();
  }

  acquire(): void {
    this.busy += 1;
    this.publish();
  }

  release(): void {
    this.busy = Math.max(0, this.busy - 1);
    this.publish();
  }

  private publish(): void {
    workerSlots.set({ state: 'busy' }, this.busy);
    workerSlots.set({ state: 'idle' }, Math.max(0, this.capacity - this.busy));
  }
}
