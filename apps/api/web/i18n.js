// @ts-check
// Italian by default, English selectable; amounts and dates in the chosen locale's format.

/** @typedef {'it' | 'en'} Language */
/** @typedef {{ [key: string]: string | Dictionary }} Dictionary */

/** @type {Record<Language, Dictionary>} */
const DICTIONARIES = {
  it: {
    appTitle: 'Area clienti - Fatturazione Elettronica',
    backOfficeTitle: 'Back office - Fatturazione Elettronica',
    skip: 'Vai al contenuto',
    language: 'Lingua',
    login: 'Accedi',
    loginTitle: "Accedi all'area clienti",
    loginBackOffice: 'Accedi al back office',
    username: 'Email',
    password: 'Password',
    logout: 'Esci',
    loggedInAs: 'Connesso come {name}',
    busy: 'Attendere…',
    cancelTitle: "Annullare l'ordine?",
    cancelText: "L'ordine non potrà più essere pagato; potrai aprire un nuovo rinnovo.",
    cancelYes: "Sì, annulla l'ordine",
    cancelNo: "No, mantieni l'ordine",
    myServices: 'I miei servizi',
    myOrders: 'I miei ordini',
    expires: 'Scadenza',
    expired: 'Scaduto il',
    graceEnds: 'Riattivabile fino al',
    addOns: 'Servizi attivi',
    storage: 'Spazio',
    extraUsers: 'Utenti aggiuntivi',
    nso: 'Modulo NSO',
    active: 'attivo',
    notActive: 'non attivo',
    autoRenew: 'Rinnovo automatico',
    autoRenewOn: 'attivo ({label}, {years} anni)',
    autoRenewOnNoMethod: 'attivo',
    autoRenewOff: 'non attivo',
    manage: 'Gestisci',
    renew: 'Rinnova',
    reactivate: 'Riattiva',
    payOpenOrder: "Vedi come pagare l'ordine",
    cancelOrder: "Annulla l'ordine",
    cancelled: 'Ordine annullato.',
    switchOffAutoRenew: 'Disattiva il rinnovo automatico',
    reasonAutoRenew: 'Il rinnovo automatico è attivo: il servizio si rinnova da solo.',
    reasonDeleted:
      'Il servizio è scaduto da più di 90 giorni ed è stato cancellato: è possibile solo un nuovo acquisto.',
    reasonPayOpen: 'Un ordine di rinnovo è confermato e attende il pagamento.',
    noServices: 'Nessun servizio.',
    noOrders: 'Nessun ordine.',
    cart: 'Carrello',
    cartIntro: 'Servizi attivi finora, da rinnovare:',
    renewalOf: 'Rinnovo di {name}',
    reactivationOf: 'Riattivazione di {name}',
    storageUp: 'Aumenta lo spazio di 1 GB',
    storageDown: 'Riduci lo spazio di 1 GB',
    storageInCart: 'Spazio aggiuntivo: {gb} GB (di cui {added} GB aggiunti in questo carrello)',
    discardCart: 'Elimina il carrello',
    discardTitle: 'Eliminare il carrello?',
    discardText:
      'Le modifiche di questo carrello andranno perse; potrai aprire un nuovo rinnovo quando vuoi.',
    discardYes: 'Sì, elimina il carrello',
    discardNo: 'No, tieni il carrello',
    usersDown: 'Un utente aggiuntivo in meno',
    usersUp: 'Un utente aggiuntivo in più',
    usersMin: 'Minimo {n} per gli utenti in uso.',
    nsoBuy: 'Acquista il modulo NSO',
    nsoDeactivate: 'Disattiva il modulo NSO',
    agreementCode: 'Codice convenzione',
    apply: 'OK',
    remove: 'Rimuovi',
    codeApplied: 'Codice {code} applicato.',
    totals: 'Totali',
    net: 'Imponibile lordo',
    taxable: 'Imponibile',
    expiringSoon: 'In scadenza',
    daysLeft: { today: 'scade oggi', tomorrow: 'scade domani', many: 'tra {n} giorni' },
    newExpiry: 'Dopo il rinnovo il servizio scadrà il {date}.',
    termOption: '{term} - {price}',
    discount: 'Sconto',
    vat: 'IVA 22%',
    total: 'Totale',
    proceed: "Prosegui e completa l'ordine",
    orderForm: "Completa l'ordine",
    paymentMethod: 'Metodo di pagamento',
    term: 'Durata',
    years: '{n} anni',
    year: '1 anno',
    termHintPromo: 'Prodotto promozionale: da 1 a 2 anni.',
    autoRenewChoice: 'Rinnova automaticamente alla scadenza (solo carta di credito o PayPal)',
    modifyOrder: 'Modifica il tuo ordine',
    consents: 'Consensi',
    consentGeneral: 'Accetto le condizioni generali',
    consentOnerous:
      'Approvo specificamente le clausole vessatorie (artt. 1341-1342 c.c.), tra cui il rinnovo tacito',
    consentPrivacy: "Ho letto l'informativa privacy",
    documentVersion: '{title}, versione {version}',
    confirm: 'Conferma',
    confirmedTitle: 'Ordine confermato',
    orderNumber: "Numero d'ordine",
    howToPay: 'Come pagare',
    payBy: "Paga entro il {date}: dopo l'ordine scade.",
    amount: 'Importo',
    reference: 'Causale',
    emailSent: "Ti abbiamo inviato un'email con queste istruzioni e il numero d'ordine.",
    status: 'Stato',
    service: 'Servizio',
    date: 'Data',
    open: 'Apri',
    back: 'Torna ai servizi',
    paidTitle: 'Ordine pagato: il servizio è rinnovato.',
    declined: "L'addebito automatico non è riuscito: {reason}",
    payNow: 'Paga ora',
    autoRenewTitle: 'Rinnovo automatico di {name}',
    autoRenewActive: 'Il rinnovo automatico è attivo',
    autoRenewManage: 'Rinnovo automatico: {name}',
    autoRenewTerm: 'Durata di ogni rinnovo',
    nextCharge: 'Prossimo addebito',
    nextChargeOn: 'il {date}, {days} giorni prima della scadenza del {expiry}',
    noStoredMethod: 'nessuna carta salvata',
    autoRenewOffTitle: 'Disattivare il rinnovo automatico?',
    autoRenewOffText: 'Il servizio non sarà più addebitato: dovrai rinnovarlo tu prima della scadenza.',
    autoRenewOffYes: 'Sì, disattiva',
    autoRenewOffNo: 'No, lascialo attivo',
    autoRenewSwitchedOff: 'Rinnovo automatico disattivato.',
    autoRenewSwitchedOn: 'Rinnovo automatico attivato.',
    autoRenewChanged: 'Dati del rinnovo automatico aggiornati.',
    autoRenewSave: 'Salva la nuova carta e la durata',
    autoRenewSwitchOn: 'Attiva il rinnovo automatico',
    autoRenewChange: 'Cambia carta o durata',
    autoRenewOnTitle: 'Attiva il rinnovo automatico',
    autoRenewExplain:
      'Il servizio si rinnova da solo: addebitiamo la carta o il conto PayPal {days} giorni prima della scadenza, per la durata scelta. Puoi disattivarlo quando vuoi. Il rinnovo tacito è tra le clausole da approvare specificamente.',
    updateDetails: 'Aggiorna i tuoi dati',
    updateDetailsText:
      "L'addebito automatico per {name} (ordine {number}) non è riuscito: {reason} Paga l'ordine entro il {date} oppure annullalo.",
    payOrder: "Paga l'ordine {number}",
    beneficiary: 'Beneficiario',
    postalAccount: 'Conto corrente postale',
    copy: 'Copia',
    copyWhat: 'Copia {what}',
    copied: 'Copiato: {text}',
    copyFailed: 'Non è stato possibile copiare: seleziona il testo e copialo a mano.',
    downloadSlip: 'Scarica il bollettino precompilato (PDF)',
    payTitle: "Paga l'ordine {number}",
    cardNumber: 'Numero della carta',
    cardMonth: 'Mese di scadenza',
    cardYear: 'Anno di scadenza',
    cardHolder: 'Titolare della carta',
    paypalEmail: 'Email del conto PayPal',
    payAmount: 'Paga {amount}',
    payByShort: 'Da pagare entro il',
    paymentDeclined: 'Pagamento rifiutato: {reason} Controlla i dati o usa un altro metodo, poi riprova.',
    lastDecline: "L'ultimo tentativo di pagamento è stato rifiutato: {reason}",
    sandboxHint:
      'Ambiente di prova: la carta 4242 4242 4242 4242 viene approvata, la 4000 0000 0000 0002 rifiutata; un indirizzo PayPal che inizia con "declined" viene rifiutato.',
    backToOrder: "Torna all'ordine",
    loading: 'Caricamento…',
    statuses: {
      CART: 'Carrello',
      CHECKOUT: 'Da completare',
      CONFIRMED: 'In attesa di pagamento',
      PAID: 'Pagato',
      CANCELLED: 'Annullato',
      EXPIRED: 'Scaduto',
    },
    lines: {
      STORAGE_PACK: 'Spazio aggiuntivo 1 GB',
      EXTRA_USER: 'Utente aggiuntivo',
      NSO_MODULE: 'Modulo Ordini Elettronici NSO',
    },
    products: {
      'FE-STANDARD': 'Fatturazione Elettronica',
      'FE-PROMO': 'Fatturazione Elettronica (offerta promozionale)',
    },
    discountAgreement: 'Sconto convenzione {code} (−{rate})',
    discountMultiYear: 'Sconto pluriennale, {years} anni (−{rate})',
    warnings: {
      afterExpiry:
        'Con questo metodo il pagamento sarà registrato dopo la scadenza del servizio ({date}): il servizio potrebbe essere interrotto.',
      insideWindow:
        "Mancano meno di {days} giorni alla scadenza: paga subito per evitare l'interruzione del servizio.",
    },
    paymentSteps: {
      CREDIT_CARD: "Paga l'ordine {number} con la carta di credito da questa pagina.",
      PAYPAL: "Paga l'ordine {number} con PayPal da questa pagina.",
      BANK_TRANSFER:
        'Esegui un bonifico a {payee}, IBAN {iban} (BIC {bic}).\nIndica come causale: "{reference}".',
      PREFILLED_SLIP:
        'Stampa il bollettino precompilato (ordine {number}) e pagalo presso un ufficio postale o una ricevitoria abilitata.',
      POSTAL_SLIP:
        'Compila un bollettino postale intestato a {payee}, conto corrente n. {account}.\nIndica come causale: "{reference}".',
      amount: 'Importo: {amount}.',
    },
    // back office
    dashboard: 'Cruscotto',
    payments: 'Pagamenti',
    refunds: 'Rimborsi',
    audit: 'Audit',
    revenueByDay: 'Incassi per giorno',
    revenueByMethod: 'Incassi per metodo',
    ordersByStatus: 'Ordini per stato',
    funnel: 'Funnel: richiesti → carrello concluso → confermati → pagati',
    conversion: 'Conversione complessiva: {p}',
    offlineByAge: 'Pagamenti offline in attesa, per età',
    projectionLag: 'Ritardo delle proiezioni (eventi indietro)',
    autoRenewals: 'Rinnovi automatici: {charged} addebitati, {declined} rifiutati',
    chartTable: 'Dati del grafico',
    registerPayment: 'Registra un pagamento',
    amountEuro: 'Importo (euro)',
    transactionId: 'ID transazione',
    register: 'Registra',
    registered: "Pagamento registrato per l'ordine {number}.",
    alreadyRegistered: 'Questa transazione era già registrata.',
    refundDue: 'Pagamento da rimborsare: {reason}.',
    awaiting: 'Pagamenti offline in attesa di registrazione',
    age: 'Età (giorni lavorativi)',
    late: 'in ritardo',
    onTime: 'nei tempi',
    noRows: 'Nessuna riga.',
    reason: 'Motivo',
    auditTitle: 'Storia di un ordine, servizio o cliente',
    subjectKind: 'Tipo',
    subjectId: 'Identificativo',
    asOf: 'Stato alla data (opzionale)',
    show: 'Mostra',
    history: 'Eventi',
    stateAsOf: 'Stato',
    exportJsonl: 'Esporta JSON Lines',
    exportCsv: 'Esporta CSV',
    kinds: { orders: 'Ordine', services: 'Servizio', customers: 'Cliente' },
    day: 'Giorno',
    value: 'Valore',
  },
  en: {
    appTitle: 'Customer area - E-invoicing',
    backOfficeTitle: 'Back office - E-invoicing',
    skip: 'Skip to content',
    language: 'Language',
    login: 'Log in',
    loginTitle: 'Log in to the customer area',
    loginBackOffice: 'Log in to the back office',
    username: 'Email',
    password: 'Password',
    logout: 'Log out',
    loggedInAs: 'Logged in as {name}',
    busy: 'Please wait…',
    cancelTitle: 'Cancel the order?',
    cancelText: 'The order can no longer be paid; you can open a new renewal.',
    cancelYes: 'Yes, cancel the order',
    cancelNo: 'No, keep the order',
    myServices: 'My services',
    myOrders: 'My orders',
    expires: 'Expires',
    expired: 'Expired on',
    graceEnds: 'Can be reactivated until',
    addOns: 'Active services',
    storage: 'Storage',
    extraUsers: 'Extra users',
    nso: 'NSO module',
    active: 'active',
    notActive: 'not active',
    autoRenew: 'Auto-renew',
    autoRenewOn: 'on ({label}, {years} years)',
    autoRenewOnNoMethod: 'on',
    autoRenewOff: 'off',
    manage: 'Manage',
    renew: 'Renew',
    reactivate: 'Reactivate',
    payOpenOrder: 'See how to pay the order',
    cancelOrder: 'Cancel the order',
    cancelled: 'Order cancelled.',
    switchOffAutoRenew: 'Switch auto-renew off',
    reasonAutoRenew: 'Auto-renew is on: the service renews by itself.',
    reasonDeleted:
      'The service expired more than 90 days ago and was deleted: only a new purchase is possible.',
    reasonPayOpen: 'A renewal order is confirmed and awaiting payment.',
    noServices: 'No services.',
    noOrders: 'No orders.',
    cart: 'Cart',
    cartIntro: 'The services active so far, to renew:',
    renewalOf: 'Renewal of {name}',
    reactivationOf: 'Reactivation of {name}',
    storageUp: 'Add 1 GB of storage',
    storageDown: 'Remove 1 GB of storage',
    storageInCart: 'Extra storage: {gb} GB ({added} GB added in this cart)',
    discardCart: 'Discard the cart',
    discardTitle: 'Discard the cart?',
    discardText: "This cart's changes will be lost; you can open a new renewal whenever you like.",
    discardYes: 'Yes, discard the cart',
    discardNo: 'No, keep the cart',
    usersDown: 'One extra user less',
    usersUp: 'One extra user more',
    usersMin: 'At least {n} for the users in use.',
    nsoBuy: 'Buy the NSO module',
    nsoDeactivate: 'Deactivate the NSO module',
    agreementCode: 'Agreement code',
    apply: 'OK',
    remove: 'Remove',
    codeApplied: 'Code {code} applied.',
    totals: 'Totals',
    net: 'Net',
    taxable: 'Taxable amount',
    expiringSoon: 'Expiring soon',
    daysLeft: { today: 'expires today', tomorrow: 'expires tomorrow', many: 'in {n} days' },
    newExpiry: 'After the renewal the service will expire on {date}.',
    termOption: '{term} - {price}',
    discount: 'Discount',
    vat: 'VAT 22%',
    total: 'Total',
    proceed: 'Continue and complete the order',
    orderForm: 'Complete the order',
    paymentMethod: 'Payment method',
    term: 'Term',
    years: '{n} years',
    year: '1 year',
    termHintPromo: 'Promotional product: 1 to 2 years.',
    autoRenewChoice: 'Renew automatically at expiry (credit card or PayPal only)',
    modifyOrder: 'Modify your order',
    consents: 'Consents',
    consentGeneral: 'I accept the general terms',
    consentOnerous:
      'I specifically approve the onerous clauses (Civil Code art. 1341-1342), tacit renewal among them',
    consentPrivacy: 'I have read the privacy notice',
    documentVersion: '{title}, version {version}',
    confirm: 'Confirm',
    confirmedTitle: 'Order confirmed',
    orderNumber: 'Order number',
    howToPay: 'How to pay',
    payBy: 'Pay by {date}: after that the order expires.',
    amount: 'Amount',
    reference: 'Reference',
    emailSent: 'We have emailed you these instructions and the order number.',
    status: 'Status',
    service: 'Service',
    date: 'Date',
    open: 'Open',
    back: 'Back to services',
    paidTitle: 'Order paid: the service is renewed.',
    declined: 'The automatic charge failed: {reason}',
    payNow: 'Pay now',
    autoRenewTitle: 'Auto-renew of {name}',
    autoRenewActive: 'Auto-renew is on',
    autoRenewManage: 'Auto-renew: {name}',
    autoRenewTerm: 'Term of each renewal',
    nextCharge: 'Next charge',
    nextChargeOn: 'on {date}, {days} days before the expiry on {expiry}',
    noStoredMethod: 'no card stored',
    autoRenewOffTitle: 'Switch auto-renew off?',
    autoRenewOffText: 'The service will no longer be charged: you will have to renew it before it expires.',
    autoRenewOffYes: 'Yes, switch it off',
    autoRenewOffNo: 'No, keep it on',
    autoRenewSwitchedOff: 'Auto-renew switched off.',
    autoRenewSwitchedOn: 'Auto-renew switched on.',
    autoRenewChanged: 'Auto-renew details updated.',
    autoRenewSave: 'Save the new card and term',
    autoRenewSwitchOn: 'Switch auto-renew on',
    autoRenewChange: 'Change card or term',
    autoRenewOnTitle: 'Switch auto-renew on',
    autoRenewExplain:
      'The service renews itself: we charge the card or PayPal account {days} days before expiry, for the term you choose. You can switch it off at any time. Tacit renewal is among the clauses to approve specifically.',
    updateDetails: 'Update your details',
    updateDetailsText:
      'The automatic charge for {name} (order {number}) failed: {reason} Pay the order by {date} or cancel it.',
    payOrder: 'Pay order {number}',
    beneficiary: 'Beneficiary',
    postalAccount: 'Postal current account',
    copy: 'Copy',
    copyWhat: 'Copy {what}',
    copied: 'Copied: {text}',
    copyFailed: 'Could not copy: select the text and copy it by hand.',
    downloadSlip: 'Download the pre-filled postal slip (PDF)',
    payTitle: 'Pay order {number}',
    cardNumber: 'Card number',
    cardMonth: 'Expiry month',
    cardYear: 'Expiry year',
    cardHolder: 'Cardholder',
    paypalEmail: 'PayPal account email',
    payAmount: 'Pay {amount}',
    payByShort: 'To be paid by',
    paymentDeclined: 'Payment declined: {reason} Check the details or use another method, then try again.',
    lastDecline: 'The last payment attempt was declined: {reason}',
    sandboxHint:
      'Test mode: card 4242 4242 4242 4242 is approved, 4000 0000 0000 0002 declined; a PayPal address starting with "declined" is declined.',
    backToOrder: 'Back to the order',
    loading: 'Loading…',
    statuses: {
      CART: 'Cart',
      CHECKOUT: 'To complete',
      CONFIRMED: 'Awaiting payment',
      PAID: 'Paid',
      CANCELLED: 'Cancelled',
      EXPIRED: 'Expired',
    },
    lines: {
      STORAGE_PACK: 'Extra storage 1 GB',
      EXTRA_USER: 'Extra user',
      NSO_MODULE: 'NSO electronic orders module',
    },
    products: {
      'FE-STANDARD': 'E-invoicing',
      'FE-PROMO': 'E-invoicing (promotional offer)',
    },
    discountAgreement: 'Agreement {code} discount (−{rate})',
    discountMultiYear: 'Multi-year discount, {years} years (−{rate})',
    warnings: {
      afterExpiry:
        'With this method the payment is registered after the service expires ({date}): the service may be interrupted.',
      insideWindow: 'Less than {days} days to expiry: pay now to avoid an interruption.',
    },
    paymentSteps: {
      CREDIT_CARD: 'Pay order {number} by credit card from this page.',
      PAYPAL: 'Pay order {number} with PayPal from this page.',
      BANK_TRANSFER:
        'Make a bank transfer to {payee}, IBAN {iban} (BIC {bic}).\nQuote as the reason for payment: "{reference}".',
      PREFILLED_SLIP:
        'Print the pre-filled slip (order {number}) and pay it at a post office or an authorised outlet.',
      POSTAL_SLIP:
        'Fill in a postal slip to {payee}, postal account no. {account}.\nQuote as the reason for payment: "{reference}".',
      amount: 'Amount: {amount}.',
    },
    // back office
    dashboard: 'Dashboard',
    payments: 'Payments',
    refunds: 'Refunds',
    audit: 'Audit',
    revenueByDay: 'Revenue by day',
    revenueByMethod: 'Revenue by method',
    ordersByStatus: 'Orders by status',
    funnel: 'Funnel: requested → checked out → confirmed → paid',
    conversion: 'Overall conversion: {p}',
    offlineByAge: 'Offline payments awaiting, by age',
    projectionLag: 'Projection lag (events behind)',
    autoRenewals: 'Auto-renewals: {charged} charged, {declined} declined',
    chartTable: 'Chart data',
    registerPayment: 'Register a payment',
    amountEuro: 'Amount (euro)',
    transactionId: 'Transaction id',
    register: 'Register',
    registered: 'Payment registered for order {number}.',
    alreadyRegistered: 'This transaction was already registered.',
    refundDue: 'Payment to refund: {reason}.',
    awaiting: 'Offline payments awaiting registration',
    age: 'Age (working days)',
    late: 'late',
    onTime: 'on time',
    noRows: 'No rows.',
    reason: 'Reason',
    auditTitle: 'History of an order, service or customer',
    subjectKind: 'Kind',
    subjectId: 'Id',
    asOf: 'State as of (optional)',
    show: 'Show',
    history: 'Events',
    stateAsOf: 'State',
    exportJsonl: 'Export JSON Lines',
    exportCsv: 'Export CSV',
    kinds: { orders: 'Order', services: 'Service', customers: 'Customer' },
    day: 'Day',
    value: 'Value',
  },
};

/** API error codes in words, per language; anything else falls back to the API's own detail. */
/** @type {Record<Language, Record<string, string>>} */
const ERRORS = {
  it: {
    INVALID_CREDENTIALS: 'Email o password non corretti.',
    AGREEMENT_CODE_UNKNOWN: 'Il codice convenzione non esiste.',
    AGREEMENT_CODE_EXPIRED: 'Il codice convenzione è scaduto.',
    AGREEMENT_CODE_NOT_YET_VALID: 'Il codice convenzione non è ancora valido.',
    AGREEMENT_CODE_NOT_APPLICABLE: 'Il codice convenzione non vale per questo prodotto.',
    AGREEMENT_CODE_ALREADY_APPLIED: 'È già applicato un codice: rimuovilo prima.',
    EXTRA_USERS_BELOW_MINIMUM: 'Non puoi scendere sotto gli utenti in uso.',
    TERM_OUT_OF_RANGE: 'Durata non consentita per questo prodotto.',
    CONSENT_REQUIRED: 'Questo consenso è necessario per confermare.',
    CONSENT_DOCUMENT_OUTDATED: 'Il documento è stato aggiornato: rileggilo e accettalo di nuovo.',
    PAYMENT_METHOD_REQUIRED: 'Scegli un metodo di pagamento.',
    AUTO_RENEW_REQUIRES_CARD_OR_PAYPAL: 'Il rinnovo automatico richiede carta di credito o PayPal.',
    AUTO_RENEW_ACTIVE: 'Il rinnovo automatico è attivo: disattivalo per rinnovare a mano.',
    SERVICE_PAST_GRACE_PERIOD: 'Il servizio non è più rinnovabile.',
    ORDER_AWAITING_PAYMENT: "C'è già un ordine in attesa di pagamento.",
    PAYMENT_AMOUNT_MISMATCH: "L'importo non corrisponde al totale dell'ordine.",
    ORDER_NUMBER_UNKNOWN: 'Nessun ordine ha questo numero.',
    ORDER_NOT_FOUND: 'Ordine non trovato.',
    SERVICE_NOT_FOUND: 'Servizio non trovato.',
    NOT_FOUND: 'Non trovato.',
    CONCURRENT_MODIFICATION: "L'ordine è stato modificato nel frattempo: riprova.",
    VALIDATION_FAILED: 'Controlla i dati inseriti.',
    ROLE_REQUIRED: 'Non hai accesso a questa funzione.',
    UNAUTHORIZED: 'Sessione scaduta: accedi di nuovo.',
    NETWORK: 'Il servizio non risponde: riprova.',
    PAYMENT_DECLINED: 'Pagamento rifiutato.',
    PAYMENT_METHOD_REFUSED: 'La carta non è valida: controlla numero e scadenza.',
    ORDER_NOT_PAYABLE_ONLINE: "Quest'ordine si paga con bonifico o bollettino.",
    STORAGE_BELOW_SERVICE: 'Lo spazio non può scendere sotto quello già attivo.',
  },
  en: {
    INVALID_CREDENTIALS: 'Wrong email or password.',
    AGREEMENT_CODE_UNKNOWN: 'The agreement code does not exist.',
    AGREEMENT_CODE_EXPIRED: 'The agreement code has expired.',
    AGREEMENT_CODE_NOT_YET_VALID: 'The agreement code is not valid yet.',
    AGREEMENT_CODE_NOT_APPLICABLE: 'The agreement code does not apply to this product.',
    AGREEMENT_CODE_ALREADY_APPLIED: 'A code is already applied: remove it first.',
    EXTRA_USERS_BELOW_MINIMUM: 'You cannot go below the users in use.',
    TERM_OUT_OF_RANGE: 'This term is not allowed for this product.',
    CONSENT_REQUIRED: 'This consent is required to confirm.',
    CONSENT_DOCUMENT_OUTDATED: 'The document was updated: read and accept it again.',
    PAYMENT_METHOD_REQUIRED: 'Choose a payment method.',
    AUTO_RENEW_REQUIRES_CARD_OR_PAYPAL: 'Auto-renew needs a credit card or PayPal.',
    AUTO_RENEW_ACTIVE: 'Auto-renew is on: switch it off to renew by hand.',
    SERVICE_PAST_GRACE_PERIOD: 'The service can no longer be renewed.',
    ORDER_AWAITING_PAYMENT: 'An order is already awaiting payment.',
    PAYMENT_AMOUNT_MISMATCH: 'The amount does not match the order total.',
    ORDER_NUMBER_UNKNOWN: 'No order has this number.',
    ORDER_NOT_FOUND: 'Order not found.',
    SERVICE_NOT_FOUND: 'Service not found.',
    NOT_FOUND: 'Not found.',
    CONCURRENT_MODIFICATION: 'The order changed meanwhile: try again.',
    VALIDATION_FAILED: 'Check what you entered.',
    ROLE_REQUIRED: 'You have no access to this.',
    UNAUTHORIZED: 'Session expired: log in again.',
    NETWORK: 'The service does not answer: try again.',
    PAYMENT_DECLINED: 'Payment declined.',
    PAYMENT_METHOD_REFUSED: 'The card is not valid: check its number and expiry.',
    ORDER_NOT_PAYABLE_ONLINE: 'This order is paid by bank transfer or postal slip.',
    STORAGE_BELOW_SERVICE: 'Storage cannot go below what is already active.',
  },
};

/** @type {Record<Language, string>} */
const LOCALES = { it: 'it-IT', en: 'en-GB' };
/** @type {Language} */
let lang = localStorage.getItem('lang') === 'en' ? 'en' : 'it';

export const language = () => lang;
/** @param {string} next */
export function setLanguage(next) {
  lang = next === 'en' ? 'en' : 'it';
  localStorage.setItem('lang', lang);
  document.documentElement.lang = lang;
}

/**
 * The words for the codes the answers carry (payment methods, registration times, declines, refund
 * reasons), kept once on the server for the emails and the pages: merged into the dictionaries.
 */
export async function loadWords() {
  const response = await fetch('/words.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`/words.json: HTTP ${response.status}`);
  /** @type {Record<Language, Dictionary>} */
  const words = await response.json();
  for (const language of /** @type {Language[]} */ (['it', 'en']))
    Object.assign(DICTIONARIES[language], words[language]);
}

/**
 * The text for `key` in the chosen language, with `{name}` placeholders filled in; the key itself when
 * the dictionary has no such text.
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 */
export function t(key, params = {}) {
  /** @type {string | Dictionary | undefined} */
  let value = DICTIONARIES[lang];
  for (const part of key.split('.')) value = typeof value === 'object' ? value[part] : undefined;
  const text = typeof value === 'string' ? value : key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

/** A refusal in words: the code's text, else what the server said. @param {unknown} error */
export function errorText(error) {
  const { code, detail, message } = /** @type {{ code?: string, detail?: string, message?: string }} */ (
    error ?? {}
  );
  return (code && ERRORS[lang][code]) || detail || message || String(error);
}

/** @param {number | null | undefined} cents */
export const money = (cents) =>
  new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency: 'EUR' }).format((cents ?? 0) / 100);
/** @param {string | null | undefined} iso */
export const date = (iso) =>
  iso
    ? new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'long', timeZone: 'Europe/Rome' }).format(
        new Date(iso),
      )
    : '';
/** @param {string | null | undefined} iso */
export const dateTime = (iso) =>
  iso
    ? new Intl.DateTimeFormat(LOCALES[lang], {
        dateStyle: 'medium',
        timeStyle: 'medium',
        timeZone: 'Europe/Rome',
      }).format(new Date(iso))
    : '';
/** "oggi", "domani", "tra 12 giorni". @param {number} days */
export const daysLeft = (days) =>
  days <= 0 ? t('daysLeft.today') : days === 1 ? t('daysLeft.tomorrow') : t('daysLeft.many', { n: days });

/** A term: "1 anno", "3 anni". @param {number} years */
export const termText = (years) => (years === 1 ? t('year') : t('years', { n: String(years) }));

/** @param {number | null | undefined} value */
export const percent = (value) =>
  value === null || value === undefined
    ? '-'
    : new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: 1 }).format(
        value / 100,
      );
