import { SdiOutcome } from '../domain';

/** A file for the Sistema di Interscambio: its name (IT<Partita IVA>_<progressive>.xml) and its XML. */
export interface SdiFile {
  fileName: string;
  xml: string;
  /**
   * When it is sent, as the process decides it: the time of the event that asked for it, so that a
   * replay, or a scheduler that ran late, decides the same (a real adapter records the exchange's own
   * receipt time in its answer).
   */
  sentAt: Date;
}

/**
 * The port to the Sistema di Interscambio. `transmit` hands one file over and resolves with the
 * exchange's answer to it: RC (delivered), MC (not delivered: in the recipient's reserved area) or NS
 * (rejected, with the exchange's error codes). Sending the same file again must answer as the first time
 * (a process that crashed after sending sends again); an adapter whose exchange refuses a known file name
 * (error 00002) looks the earlier answer up instead.
 *
 * The sandbox (sandbox-sdi-exchange.ts) is the one adapter built. A real intermediary's adapter, whose
 * answers come later by callback or by polling, stays to be written against this port.
 */
export interface SdiExchange {
  transmit(file: SdiFile): Promise<SdiOutcome>;
}

export const SDI_EXCHANGE = Symbol('SDI_EXCHANGE');
