import { Body, Controller, Delete, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Authenticated, CommandMeta, IfMatch, Idempotent, RequestMeta, UuidPipe } from '@app/platform';
import { OrderSummary } from '../application/order-view';
import { CartChangeCommand, ModifyCartCommand } from './modify-cart.command';
import {
  ApplyAgreementCodeRequestDto,
  IncreaseStorageRequestDto,
  SetStorageRequestDto,
  SetExtraUsersRequestDto,
  SetNsoModuleRequestDto,
} from './modify-cart.request.dto';
import { OrderSummaryDto } from '../application/order-view.response.dto';
import { ApiOrderIdParam } from '../application/order-id.param';

@ApiTags('customer area')
@Controller('me/orders/:orderId/cart')
@ApiOrderIdParam()
@Authenticated('customer')
@IfMatch()
@ApiUnprocessableEntityResponse({
  description:
    'ORDER_ALREADY_CONFIRMED, ORDER_ALREADY_PAID, ORDER_CANCELLED, ORDER_EXPIRED and the rule-specific codes',
})
export class ModifyCartController {
  constructor(private readonly commands: CommandBus) {}

  private change(orderId: string, change: CartChangeCommand, meta: CommandMeta): Promise<OrderSummary> {
    return this.commands.execute(new ModifyCartCommand(orderId, change, meta));
  }

  @Post('storage')
  @Idempotent()
  @ApiOkResponse({ type: OrderSummaryDto, description: 'The order with its new cart and totals' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Increase storage by packs of 1 GB' })
  increaseStorage(
    @Param('orderId', UuidPipe) orderId: string,
    @Body() body: IncreaseStorageRequestDto,
    @RequestMeta() meta: CommandMeta,
  ) {
    return this.change(orderId, { type: 'IncreaseStorage', data: { packs: body.packs } }, meta);
  }

  @Put('storage')
  @Idempotent()
  @ApiOkResponse({ type: OrderSummaryDto, description: 'The order with its new cart and totals' })
  @ApiOperation({
    summary:
      'Set the storage packs: add, or take back what this cart added (never below what the service has)',
  })
  setStorage(
    @Param('orderId', UuidPipe) orderId: string,
    @Body() body: SetStorageRequestDto,
    @RequestMeta() meta: CommandMeta,
  ) {
    return this.change(orderId, { type: 'SetStorage', data: { storagePacks: body.storagePacks } }, meta);
  }

  @Put('extra-users')
  @Idempotent()
  @ApiOkResponse({ type: OrderSummaryDto, description: 'The order with its new cart and totals' })
  @ApiOperation({
    summary: 'Add or reduce additional users (EXTRA_USERS_BELOW_MINIMUM under what the service needs)',
  })
  setExtraUsers(
    @Param('orderId', UuidPipe) orderId: string,
    @Body() body: SetExtraUsersRequestDto,
    @RequestMeta() meta: CommandMeta,
  ) {
    return this.change(orderId, { type: 'SetExtraUsers', data: { extraUsers: body.extraUsers } }, meta);
  }

  @Put('nso-module')
  @Idempotent()
  @ApiOkResponse({ type: OrderSummaryDto, description: 'The order with its new cart and totals' })
  @ApiOperation({ summary: 'Buy or deactivate the "Ordini Elettronici NSO" module' })
  setNso(
    @Param('orderId', UuidPipe) orderId: string,
    @Body() body: SetNsoModuleRequestDto,
    @RequestMeta() meta: CommandMeta,
  ) {
    return this.change(orderId, { type: 'SetNsoModule', data: { enabled: body.enabled } }, meta);
  }

  @Put('agreement-code')
  @Idempotent()
  @ApiOkResponse({ type: OrderSummaryDto, description: 'The order with its new cart and totals' })
  @ApiOperation({
    summary: 'Apply an agreement code (OK)',
    description:
      'Refused with AGREEMENT_CODE_UNKNOWN, _EXPIRED, _NOT_YET_VALID, _NOT_APPLICABLE or _ALREADY_APPLIED (one per order).',
  })
  applyCode(
    @Param('orderId', UuidPipe) orderId: string,
    @Body() body: ApplyAgreementCodeRequestDto,
    @RequestMeta() meta: CommandMeta,
  ) {
    return this.change(orderId, { type: 'ApplyAgreementCode', data: { code: body.code } }, meta);
  }

  @Delete('agreement-code')
  @Idempotent()
  @ApiOkResponse({ type: OrderSummaryDto, description: 'The order with its new cart and totals' })
  @ApiOperation({ summary: 'Remove the agreement code' })
  removeCode(@Param('orderId', UuidPipe) orderId: string, @RequestMeta() meta: CommandMeta) {
    return this.change(orderId, { type: 'RemoveAgreementCode', data: {} }, meta);
  }
}
