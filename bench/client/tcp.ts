// Thin TCP wrapper over Bun.connect with write backpressure, a `closed` promise and timeouts.
import type { Socket } from "bun";

export class TimeoutError extends Error {
  override name = "TimeoutError";
}

export class ConnectionClosedError extends Error {
  override name = "ConnectionClosedError";
}

/** Reject with a TimeoutError naming `what` unless `p` settles within `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export interface TcpHandlers {
  /** `chunk` is only valid during the call. */
  onData(chunk: Uint8Array): void;
  onClose(error?: Error): void;
}

export class TcpConnection {
  private socket: Socket<undefined> | null = null;
  private pending: Uint8Array[] = [];
  private _closed = false;
  private resolveClosed!: () => void;
  readonly closed: Promise<void> = new Promise((r) => (this.resolveClosed = r));
  /** Set when the socket ended with an error. */
  error: Error | undefined;
  bytesIn = 0;
  bytesOut = 0;

  private constructor(private readonly handlers: TcpHandlers) {}

  static async open(host: string, port: number, handlers: TcpHandlers, timeoutMs = 10_000): Promise<TcpConnection> {
    const conn = new TcpConnection(handlers);
    const socket = await withTimeout(
      Bun.connect<undefined>({
        hostname: host,
        port,
        socket: {
          data: (_s, data) => {
            conn.bytesIn += data.length;
            conn.handlers.onData(data);
          },
          drain: () => conn.flush(),
          close: () => conn.finish(),
          error: (_s, err) => conn.finish(err),
          end: () => conn.finish(),
          connectError: (_s, err) => conn.finish(err),
        },
      }),
      timeoutMs,
      `TCP connect to ${host}:${port}`,
    );
    conn.socket = socket;
    if (conn._closed) socket.end();
    return conn;
  }

  get isClosed(): boolean {
    return this._closed;
  }

  private corked = false;
  private corkBuf = new Uint8Array(0);
  private corkLen = 0;

  /** Until uncork(), writes are collected (in order) instead of sent. */
  cork(): void {
    this.corked = true;
  }

  /** Sends what was collected since cork() in one write. */
  uncork(): void {
    this.corked = false;
    if (this.corkLen === 0 || this._closed) {
      this.corkLen = 0;
      return;
    }
    const n = this.corkLen;
    this.corkLen = 0;
    this.write(this.corkBuf.subarray(0, n));
  }

  /** Queue bytes for sending; the caller may reuse `bytes` right after the call. */
  write(bytes: Uint8Array): void {
    if (this._closed || !this.socket) throw new ConnectionClosedError("write on a closed connection");
    if (this.corked) {
      if (this.corkLen + bytes.length > this.corkBuf.length) {
        const next = new Uint8Array(Math.max(1024, (this.corkLen + bytes.length) * 2));
        next.set(this.corkBuf.subarray(0, this.corkLen));
        this.corkBuf = next;
      }
      this.corkBuf.set(bytes, this.corkLen);
      this.corkLen += bytes.length;
      return;
    }
    this.bytesOut += bytes.length;
    if (this.pending.length > 0) {
      this.pending.push(bytes.slice());
      return;
    }
    const n = this.socket.write(bytes);
    if (n < bytes.length) this.pending.push(bytes.slice(Math.max(0, n)));
  }

  private flush(): void {
    const s = this.socket;
    if (!s) return;
    while (this.pending.length > 0) {
      const head = this.pending[0] as Uint8Array;
      const n = s.write(head);
      if (n < head.length) {
        this.pending[0] = head.subarray(Math.max(0, n));
        return;
      }
      this.pending.shift();
    }
  }

  /** Stop reading (a slow reader: the kernel buffers fill and the peer's writes back up). */
  pause(): void {
    this.socket?.pause();
  }

  /** Read again after pause(). */
  resume(): void {
    this.socket?.resume();
  }

  close(): void {
    if (this._closed) return;
    this.socket?.end();
    this.finish();
  }

  private finish(err?: Error): void {
    if (this._closed) return;
    this._closed = true;
    this.error = err;
    this.pending.length = 0;
    this.handlers.onClose(err);
    this.resolveClosed();
  }
}
