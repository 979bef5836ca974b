import { IsString, Length } from 'class-validator';
import { Field } from '@app/platform';

export class EraseCustomerRequestDto {
  @Field.text(
    'Why (kept on the erasure event: e.g. the request’s date and channel; no personal data)',
    'Richiesta di cancellazione via PEC del 2 dicembre 2026',
  )
  @IsString()
  @Length(5, 500)
  reason!: string;
}

export class CustomerErasedDto {
  @Field.uuid('The customer') customerId!: string;
  @Field.at('When their personal data was erased (the first erasure, if asked again)') erasedAt!: string;
  @Field.integer('The erasure’s position (X-Min-Position)', 42) position!: number;
}
