import { DynamicModule, Module, OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Projections } from '@app/platform';
import { RenewalsConfig } from './renewals-config';
import { CommandRunner } from './application/command-runner';
import { OpenOrders } from './application/open-orders';
import { ServiceOfOrder } from './application/service-of-order';
import { StreamStates } from './application/stream-states';
import { Deciders, RENEWAL_CONTEXT } from './application/renewal-context';
import { CatalogController } from './catalog/catalog.controller';
import {
  BackOfficeCancelOrderController,
  CancelOrderController,
} from './cancel-order/cancel-order.controller';
import { CancelOrderHandler } from './cancel-order/cancel-order.handler';
import { ChooseOrderOptionController } from './choose-order-options/choose-order-option.controller';
import { ChooseOrderOptionHandler } from './choose-order-options/choose-order-option.handler';
import { ConfirmOrderController } from './confirm-order/confirm-order.controller';
import { ConfirmOrderHandler } from './confirm-order/confirm-order.handler';
import { ModifyCartController } from './modify-cart/modify-cart.controller';
import { ModifyCartHandler } from './modify-cart/modify-cart.handler';
import { RecordRefundController } from './record-refund/record-refund.controller';
import { RecordRefundHandler } from './record-refund/record-refund.handler';
import { RefundPaidOrderController } from './refund-paid-order/refund-paid-order.controller';
import { RefundPaidOrderHandler } from './refund-paid-order/refund-paid-order.handler';
import { PayOnlineController } from './pay-online/pay-online.controller';
import { PayOnlineHandler } from './pay-online/pay-online.handler';
import { RegisterPaymentController } from './register-payment/register-payment.controller';
import { ProviderCallbackController } from './register-payment/provider-callback.controller';
import { RegisterPaymentHandler } from './register-payment/register-payment.handler';
import { RenewServiceHandler } from './renew-service/renew-service.handler';
import { ReleaseRenewalOrderHandler } from './release-renewal-order/release-renewal-order.handler';
import { SuspendAutoRenewHandler } from './suspend-auto-renew/suspend-auto-renew.handler';
import { RenewalProcess } from './processes/renewal.process';
import { RequestRenewalController } from './request-renewal/request-renewal.controller';
import { RequestRenewalHandler } from './request-renewal/request-renewal.handler';
import { StartCheckoutController } from './start-checkout/start-checkout.controller';
import { StartCheckoutHandler } from './start-checkout/start-checkout.handler';
import { ScheduledActions } from './scheduler/scheduled-actions';
import { SchedulerAgendaProjection } from './scheduler/scheduler-agenda.projection';
import { RenewalScheduler } from './scheduler/renewal-scheduler';
import { ChargeAutoRenewalHandler } from './charge-auto-renewal/charge-auto-renewal.handler';
import { SwitchAutoRenewController } from './switch-auto-renew/switch-auto-renew.controller';
import {
  SwitchAutoRenewOffHandler,
  SwitchAutoRenewOnHandler,
} from './switch-auto-renew/switch-auto-renew.handler';
import { PAYMENT_GATEWAY } from './application/payment-gateway';
import { SandboxPaymentGateway } from './payment-gateway/sandbox-payment-gateway';

/** The renewals context: its commands, their HTTP endpoints, and the renewal process. */
@Module({
  imports: [CqrsModule],
  controllers: [
    CatalogController,
    RequestRenewalController,
    ModifyCartController,
    StartCheckoutController,
    ChooseOrderOptionController,
    ConfirmOrderController,
    CancelOrderController,
    BackOfficeCancelOrderController,
    RegisterPaymentController,
    PayOnlineController,
    RecordRefundController,
    RefundPaidOrderController,
    ProviderCallbackController,
    SwitchAutoRenewController,
  ],
  providers: [
    StreamStates,
    CommandRunner,
    OpenOrders,
    ServiceOfOrder,
    RequestRenewalHandler,
    ModifyCartHandler,
    StartCheckoutHandler,
    ChooseOrderOptionHandler,
    ConfirmOrderHandler,
    CancelOrderHandler,
    RegisterPaymentHandler,
    PayOnlineHandler,
    RecordRefundHandler,
    RefundPaidOrderHandler,
    RenewServiceHandler,
    ReleaseRenewalOrderHandler,
    SuspendAutoRenewHandler,
    RenewalProcess,
    { provide: PAYMENT_GATEWAY, useClass: SandboxPaymentGateway },
    ChargeAutoRenewalHandler,
    SwitchAutoRenewOnHandler,
    SwitchAutoRenewOffHandler,
    ScheduledActions,
    SchedulerAgendaProjection,
    RenewalScheduler,
  ],
  exports: [RENEWAL_CONTEXT, CommandRunner, StreamStates, RenewalScheduler, PAYMENT_GATEWAY],
})
export class RenewalsModule implements OnModuleInit {
  constructor(
    private readonly projections: Projections,
    private readonly renewalProcess: RenewalProcess,
    private readonly agenda: SchedulerAgendaProjection,
  ) {}

  /** The context with its business configuration; global, so that read models and the notifier see the same. */
  static forRoot(config: RenewalsConfig): DynamicModule {
    return {
      module: RenewalsModule,
      global: true,
      providers: [{ provide: RENEWAL_CONTEXT, useValue: new Deciders(config) }],
      exports: [RENEWAL_CONTEXT],
    };
  }

  onModuleInit(): void {
    this.projections.registerProcess(this.renewalProcess);
    this.projections.register(this.agenda);
  }
}
