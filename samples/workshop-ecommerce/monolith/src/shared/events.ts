import { EventEmitter } from 'node:events';

/** Domain events passed between modules inside this process. */
export interface DomainEvents {
  'user.registered': { userId: number; email: string };
  'order.placed': { orderId: number; userId: number; total: string };
  'payment.captured': { orderId: number; paymentId: number; amount: string };
  'stock.low': { productId: number; quantity: number };
}

type Handler<K extends keyof DomainEvents> = (payload: DomainEvents[K]) => void | Promise<void>;

class EventBus {
  private readonly emitter = new EventEmitter();

  publish<K extends keyof DomainEvents>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
  }

  subscribe<K extends keyof DomainEvents>(name: K, handler: Handler<K>): void {
    this.emitter.on(name, (payload: DomainEvents[K]) => {
      Promise.resolve(handler(payload)).catch((error: unknown) => console.error(`handler for ${name} failed`, error));
    });
  }
}

export const bus = new EventBus();
