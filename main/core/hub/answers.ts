/**
 * Answering orders at the hub: one answer per order at a time, so when two devices answer at
 * once the first wins and the second is refused with who did it. A done or rejected order is
 * also handled (protocol v1's one state, so old devices stop ringing), and an order handled the
 * v1 way (`handle`, POST …/handled) is done: the journal reads its handle as its `done` state.
 */
import { EventEmitter } from 'node:events';
import type { Journal, KeptOrder } from '../journal/journal';
import { AUTO_ACCEPT_BY, autoAccept, type AutoAcceptRule } from '../orders/auto-accept';
import { checkAnswer, currentState, isClosed, type AnswerRefusal, type AnswerRequest, type StateChange } from '../orders/order-life';

export type AnswerResult = { ok: true; change: StateChange } | { ok: false; code: AnswerRefusal | 'unknown-order' | 'storage'; error: string };

interface AnswersEvents {
  /** A state change is durable: the hook the outbox (webhooks) takes them from. */
  state: [StateChange];
}

export interface AnswersOptions {
  now?: () => number;
  autoAccept?: AutoAcceptRule;
}

/** Who an order made ready by the kitchen display's last bump was answered by. */
export const KITCHEN_BY = 'kitchen display';

export class Answers extends EventEmitter<AnswersEvents> {
  /** The answer under way per order: the next one waits for it. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly now: () => number;
  private autoAcceptRule: AutoAcceptRule | undefined;
  private readonly detach: () => void;

  constructor(
    private readonly journal: Journal,
    options: AnswersOptions = {},
  ) {
    super();
    this.now = options.now ?? Date.now;
    this.autoAcceptRule = options.autoAccept;
    const onState = (change: StateChange) => this.emit('state', change);
    const onOrder = (stored: KeptOrder) => {
      const readyInMin = autoAccept(stored.order, this.autoAcceptRule, this.now());
      if (readyInMin !== null) void this.answer(stored.id, { state: 'accepted', readyInMin }, AUTO_ACCEPT_BY);
    };
    journal.on('state', onState);
    journal.on('order', onOrder);
    this.detach = () => {
      journal.off('state', onState);
      journal.off('order', onOrder);
      journal.treatHandledAsDone(false);
    };
    // An order handled the v1 way reads as done by whoever handled it, from its handle alone
    // (journal/state-histories.ts doneByHandle): no done state is written for it.
    journal.treatHandledAsDone(true);
  }

  /** Answers an order for `by` (a device's name); the change made, or why not. */
  answer(id: string, request: AnswerRequest, by: string): Promise<AnswerResult> {
    return this.inTurn(id, async () => {
      const stored = this.journal.get(id);
      if (!stored) return { ok: false, code: 'unknown-order', error: `no order with id ${JSON.stringify(id)}` };
      const checked = checkAnswer(id, this.journal.stateHistory(id), request, by, this.now(), stored.handled !== undefined);
      if (!checked.ok) return checked;
      try {
        await this.journal.appendState(checked.change);
        if (isClosed(checked.change.state) && !this.journal.get(id)?.handled) {
          await this.journal.markHandled(id, by, checked.change.at);
        }
      } catch (error) {
        return { ok: false, code: 'storage', error: `could not store the answer; retry later (${(error as Error).message})` };
      }
      return { ok: true, change: checked.change };
    });
  }

  /** Every station of the kitchen display finished an accepted order: it is ready, by the kitchen. */
  readyFromKitchen(id: string): Promise<AnswerResult | undefined> {
    if (currentState(this.journal.stateHistory(id)) !== 'accepted') return Promise.resolve(undefined);
    return this.answer(id, { state: 'ready' }, KITCHEN_BY);
  }

  /** New rules from Settings: orders from now on are judged by them. */
  setAutoAccept(rule: AutoAcceptRule | undefined): void {
    this.autoAcceptRule = rule;
  }

  /** Stops answering for the journal (it may outlive this: the desktop's own journal does). */
  close(): void {
    this.detach();
  }

  private inTurn<T>(id: string, run: () => Promise<T>): Promise<T> {
    const before = this.queues.get(id) ?? Promise.resolve();
    const mine = before.catch(() => {}).then(run);
    this.queues.set(id, mine);
    void mine.catch(() => {}).finally(() => {
      if (this.queues.get(id) === mine) this.queues.delete(id);
    });
    return mine;
  }
}
