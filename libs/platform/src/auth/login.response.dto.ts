import { Field } from '../http/openapi';

export class LoggedInUserDto {
  @Field.uuid('The account') id!: string;
  @Field.text('As typed at login, normalised', 'mario.rossi@demo.it') username!: string;
  @Field.oneOf(['customer', 'back-office'], 'Role', 'What the token may do') role!: string;
  @Field.text('The name to greet', 'Mario Rossi') displayName!: string;
}

export class LoginResponseDto {
  @Field.text('The bearer token (a JWT)', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.c2lnbmF0dXJl')
  accessToken!: string;
  @Field.oneOf(['Bearer'], 'TokenType', 'Send it as `Authorization: Bearer <accessToken>`')
  tokenType!: string;
  @Field.integer('Seconds until it expires', 28800) expiresIn!: number;
  @Field.nested(() => LoggedInUserDto, 'Who logged in') user!: LoggedInUserDto;
}
