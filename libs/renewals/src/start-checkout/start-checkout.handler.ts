import { CommandHandler } from '@nestjs/cqrs';
import { OrderStepHandler } from '../application/order-step';
import { StartCheckoutCommand } from './start-checkout.command';

@CommandHandler(StartCheckoutCommand)
export class StartCheckoutHandler extends OrderStepHandler<StartCheckoutCommand> {}
