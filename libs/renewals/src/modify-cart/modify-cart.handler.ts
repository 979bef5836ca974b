import { CommandHandler } from '@nestjs/cqrs';
import { OrderStepHandler } from '../application/order-step';
import { ModifyCartCommand } from './modify-cart.command';

@CommandHandler(ModifyCartCommand)
export class ModifyCartHandler extends OrderStepHandler<ModifyCartCommand> {}
