import { CommandHandler } from '@nestjs/cqrs';
import { OrderStepHandler } from '../application/order-step';
import { RefundPaidOrderCommand } from './refund-paid-order.command';

@CommandHandler(RefundPaidOrderCommand)
export class RefundPaidOrderHandler extends OrderStepHandler<RefundPaidOrderCommand> {}
