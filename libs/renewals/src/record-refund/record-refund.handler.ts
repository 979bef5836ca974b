import { CommandHandler } from '@nestjs/cqrs';
import { OrderStepHandler } from '../application/order-step';
import { RecordRefundCommand } from './record-refund.command';

@CommandHandler(RecordRefundCommand)
export class RecordRefundHandler extends OrderStepHandler<RecordRefundCommand> {}
