import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ApiUuidParam, Authenticated, CommandMeta, Idempotent, RequestMeta, UuidPipe } from '@app/platform';
import { CustomerErasedDto, EraseCustomerRequestDto } from './erase-customer.dto';
import { EraseCustomer } from './erase-customer';

@ApiTags('back office')
@Controller('back-office/customers')
@Authenticated('back-office')
export class EraseCustomerController {
  constructor(private readonly erasure: EraseCustomer) {}

  @Post(':customerId/erasure')
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({
    summary:
      'Erase a customer’s personal data (their key is deleted: their events stay, their personal fields read as erased); their invoices are kept ten years',
  })
  @ApiUuidParam('customerId', 'The customer')
  @ApiOkResponse({ type: CustomerErasedDto, description: 'Erased (again: the first erasure’s answer)' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: the reason' })
  @ApiNotFoundResponse({ description: 'CUSTOMER_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({
    description: 'SERVICE_NOT_ENDED: a service of theirs runs, or may be reactivated until its grace ends',
  })
  erase(
    @Param('customerId', UuidPipe) customerId: string,
    @Body() body: EraseCustomerRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CustomerErasedDto> {
    return this.erasure.erase(customerId, body.reason.trim(), meta);
  }
}
