import { expect } from '@jest/globals';
import { Decider, fold } from '@app/kernel';
import { DomainError } from '@app/kernel';

/** given(events).when(command).then(events) / .thenThrows(code): the decider spec shape. */
export function specFor<C, E, S>(decider: Decider<C, E, S>) {
  return {
    given(events: E[]) {
      return {
        when(command: C) {
          const run = () => decider.decide(command, fold(decider, events));
          return {
            then(expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenEmits(check: (events: E[]) => void) {
              check(run());
            },
            thenThrows(code: string, field?: string) {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(caught).toBeInstanceOf(DomainError);
              expect((caught as DomainError).code).toBe(code);
              if (field !== undefined) expect((caught as DomainError).field).toBe(field);
            },
          };
        },
      };
    },
  };
}
