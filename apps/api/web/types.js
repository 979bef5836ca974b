// @ts-check
// The API's answers as the pages read them (the OpenAPI document at /docs-json has the same schemas).

/**
 * @typedef {'CREDIT_CARD' | 'PAYPAL' | 'BANK_TRANSFER' | 'PREFILLED_SLIP' | 'POSTAL_SLIP'} PaymentMethod
 * @typedef {'CART' | 'CHECKOUT' | 'CONFIRMED' | 'PAID' | 'CANCELLED' | 'EXPIRED' | 'NONE'} OrderStatus
 * @typedef {'RENEW' | 'REACTIVATE' | 'PAY_OPEN_ORDER' | 'NONE_AUTO_RENEW' | 'NONE_DELETED'} ServiceAction
 *
 * @typedef {{ code: 'BASE' | 'STORAGE_PACK' | 'EXTRA_USER' | 'NSO_MODULE', quantity: number,
 *   yearlyUnitPriceCents: number, years: number, amountCents: number }} QuoteLine
 * @typedef {{ code: 'AGREEMENT' | 'MULTI_YEAR', agreementCode?: string, rateBps: number, amountCents: number }} QuoteDiscount
 * @typedef {{ catalogVersion: string, currency: 'EUR', lines: QuoteLine[], netCents: number,
 *   discounts: QuoteDiscount[], discountCents: number, taxableCents: number, vatRateBps: number,
 *   vatCents: number, grossCents: number }} Quote
 *
 * @typedef {{ name: string, iban?: string, bic?: string, bank?: string, postalAccount?: string }} Payee
 * @typedef {{ method: PaymentMethod, amountCents: number, orderNumber: string, reference: string,
 *   payee?: Payee }} PaymentInstructions
 * @typedef {{ code: 'PAYMENT_REGISTERS_AFTER_EXPIRY' | 'INSIDE_PAY_BEFORE_EXPIRY_WINDOW',
 *   registeredBy?: string, serviceExpiresAt?: string, payBeforeExpiryDays?: number }} PaymentWarning
 * @typedef {{ type: string, documentVersion: string, acceptedAt: string }} RecordedConsent
 *
 * @typedef {{ orderId: string, orderNumber: string | null, serviceId: string, serviceName: string,
 *   productCode: string, serviceExpiresAt: string, kind: 'RENEW' | 'REACTIVATE', status: OrderStatus,
 *   cart: { storagePacks: number, extraUsers: number, nso: boolean }, minExtraUsers: number, minStoragePacks: number,
 *   agreementCode: string | null, years: number, paymentMethod: PaymentMethod | null,
 *   paymentWarnings: PaymentWarning[], latestRegistrationAt: string | null, autoRenew: boolean,
 *   quote: Quote, consents: RecordedConsent[], paymentInstructions: PaymentInstructions | null,
 *   payBy: string | null, requestedAt: string | null, confirmedAt: string | null, paidAt: string | null,
 *   paidMethod: PaymentMethod | null, cancelledAt: string | null, cancelReason: string | null,
 *   cancelledBy: 'CUSTOMER' | 'BACK_OFFICE' | null, origin: 'CUSTOMER' | 'AUTO_RENEW',
 *   chargeDeclined: { code: string, declinedAt: string } | null,
 *   onlineDecline: { code: string, declinedAt: string, attempt: number } | null, revision: number | null,
 *   newExpiresAt?: string | null,
 *   termPrices?: { years: number, taxableCents: number, grossCents: number, newExpiresAt: string }[],
 *   position?: number | null }} Order
 *
 * @typedef {{ serviceId: string, name: string, productCode: string, promotional: boolean,
 *   holderEmail: string, expiresAt: string, graceEndsAt: string, action: ServiceAction,
 *   daysToExpiry: number, expiringSoon: boolean,
 *   autoRenew: boolean, autoRenewal: { years: number, chargesAt: string,
 *   paymentMethod: { method: string, label: string } | null },
 *   addOns: { storageGb: number, storagePacks: number, extraUsers: number, usersInUse: number, nso: boolean },
 *   openOrder: { orderId: string, status: OrderStatus | null } | null, lastRenewedAt: string | null }} Service
 *
 * @typedef {{ code: string, name: string, promotional: boolean, yearlyPriceCents: number,
 *   includedStorageGb: number, includedUsers: number }} Product
 * @typedef {{ version: string, title: string, url: string }} LegalDocument
 * @typedef {{ version: string, currency: 'EUR', vatRateBps: number, products: Product[],
 *   paymentMethods: { method: PaymentMethod, registration: { minWorkingDays: number, maxWorkingDays: number },
 *   online: boolean, autoRenew: boolean }[], terms: { maxYears: number, maxPromoYears: number },
 *   payBeforeExpiryDays: number, autoRenewChargeDays: number, consentDocuments: Record<string, LegalDocument> }} Catalog
 *
 * @typedef {{ api: import('./api.js').Api, catalog: Catalog, route: () => Promise<void> }} CustomerContext
 *
 * @typedef {{ orderId: string, orderNumber: string, customerId: string, serviceId: string,
 *   paymentMethod: PaymentMethod, amountCents: number, confirmedAt: string, payBy: string | null,
 *   ageDays: number, ageWorkingDays: number, registration: { minWorkingDays: number, maxWorkingDays: number },
 *   late: boolean }} AwaitingPayment
 * @typedef {'ORDER_CANCELLED' | 'ORDER_EXPIRED' | 'ORDER_ALREADY_PAID'} RefundReason
 * @typedef {{ transactionId: string, orderId: string, orderNumber: string, amountCents: number,
 *   method: PaymentMethod, reason: RefundReason, registeredAt: string, refundedAt: string | null,
 *   refundReference: string | null }} Refund
 * @typedef {{ orderId: string, orderNumber: string | null, status: string, origin: string,
 *   serviceId: string | null, serviceName: string | null,
 *   customer: { id: string | null, name: string | null, email: string | null }, grossCents: number,
 *   paymentMethod: PaymentMethod | null, requestedAt: string, confirmedAt: string | null,
 *   paidAt: string | null }} OrderMatch
 * @typedef {{ outcome: 'REGISTERED' | 'ALREADY_REGISTERED' | 'REFUND_DUE', orderId: string,
 *   orderNumber: string, transactionId: string, refundReason?: RefundReason }} PaymentRegistration
 * @typedef {{ name: string, kind: 'projection' | 'process', leader: boolean, position: number,
 *   behind: number, lagMs: { p50: number | null, p99: number | null, samples: number } | null,
 *   parked: number }} ProjectionStatus
 * @typedef {{ ordersByStatus: Record<string, number>,
 *   range: { from: string | null, to: string | null, by: 'day' | 'month', asOf: string },
 *   kpis: { revenueCents: number, paidOrders: number, invoicedCents: number,
 *     conversionPercent: number | null,
 *     awaitingPayment: { orders: number, amountCents: number },
 *     refundsDue: { payments: number, amountCents: number } },
 *   offlineAwaitingByAge: { workingDays: string, orders: number, amountCents: number }[],
 *   funnel: { requested: number, checkedOut: number, confirmed: number, paid: number,
 *     conversionPercent: { checkout: number | null, confirm: number | null, pay: number | null,
 *       overall: number | null } },
 *   revenueByPeriod: { period: string, payments: number, grossCents: number, taxableCents: number }[],
 *   invoicedByPeriod: { period: string, invoices: number, taxableCents: number, vatCents: number,
 *     totalCents: number }[],
 *   revenueByMethod: { method: PaymentMethod, payments: number, grossCents: number }[],
 *   autoRenewals: { orders: number, charged: number, declined: number, paidAfterDecline: number },
 *   projections: ProjectionStatus[] }} Dashboard
 * @typedef {{ position: number, recordedAt: string, stream: string, revision: number, type: string,
 *   actor: { type: string, id: string, name: string | null } | null, command: string | null,
 *   correlationId: string | null, causationId: string | null, data: unknown, stateAfter: unknown,
 *   schemaVersion: number }} AuditEntry
 * @typedef {{ subject: { kind: string, id: string, orderNumber?: string | null }, asOf: string | null,
 *   history: AuditEntry[],
 *   state: Record<string, unknown> }} AuditReport
 */

export {};

/**
 * @typedef {{ projection: string, position: number, eventId: string, eventType: string, error: string,
 *   attempts: number, parkedAt: string, state: 'parked' | 'retried' | 'skipped', actedBy: string | null,
 *   actedAt: string | null, reason: string | null }} ParkedEvent
 */

/**
 * @typedef {'ISSUED' | 'SENT' | 'DELIVERED' | 'NOT_DELIVERED' | 'REJECTED' | 'CORRECTED'} InvoiceStatus
 * @typedef {{ invoiceId: string, type: 'TD01' | 'TD04', corrects: string | null, number: string, date: string, orderId: string, orderNumber: string,
 *   serviceId: string, customerId: string, buyerName: string,
 *   buyer: import('./customer/billing-details.js').BillingDetails, taxableCents: number, vatCents: number,
 *   totalCents: number, status: InvoiceStatus, statusAt: string, attempts: number, fileName: string | null,
 *   sdiId: string | null, errors: { code: string, description: string }[],
 *   correctableUntil: string | null }} Invoice
 */
