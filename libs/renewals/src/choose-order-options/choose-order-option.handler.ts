import { CommandHandler } from '@nestjs/cqrs';
import { OrderStepHandler } from '../application/order-step';
import { ChooseOrderOptionCommand } from './choose-order-option.command';

@CommandHandler(ChooseOrderOptionCommand)
export class ChooseOrderOptionHandler extends OrderStepHandler<ChooseOrderOptionCommand> {}
