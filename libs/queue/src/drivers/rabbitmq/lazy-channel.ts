import type { Channel } from 'amqplib';

/**
 * A channel opened on first use and reopened after it closes. A channel error (a 404 or 406
 * from the broker) closes only that channel, so the next caller simply gets a fresh one.
 */
export class LazyChannel<C extends Channel> {
  private current: Promise<C> | null = null;

  constructor(
    private readonly open: () => Promise<C>,
    private readonly onError: (error: Error) => void,
  ) {}

  get(): Promise<C> {
    if (this.current) return this.current;
    const opening = this.open().then((channel) => {
      channel.on('error', this.onError);
      channel.once('close', () => {
        if (this.current === opening) this.current = null;
      });
      return channel;
    });
    opening.catch(() => {
      if (this.current === opening) this.current = null;
    });
    this.current = opening;
    return opening;
  }

  async close(): Promise<void> {
    const opening = this.current;
    this.current = null;
    if (!opening) return;
    try {
      await (await opening).close();
    } catch {
      // already closed, or the connection is gone: nothing left to release
    }
  }
}
