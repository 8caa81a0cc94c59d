import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, Length, Matches, Max, Min } from "class-validator";
import { Sensitive, enumObject } from "@percorsi/kit/author";

export const CONTACT_CHANNELS = ["PHONE", "EMAIL", "IN_PERSON", "THROUGH_CENTRE"] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const ContactChannelEnum = enumObject<ContactChannel>(CONTACT_CHANNELS);
registerEnumType(ContactChannelEnum, { name: "ContactChannel", description: "How she wants to be contacted." });

@ObjectType({ description: "Who she is and how to reach her safely. Only the case-holder ever sees it." })
export class Identity {
  pathwayId: string;

  @Field(() => String, { nullable: true })
  @Sensitive("IDENTITY")
  givenName: string | null;

  @Field(() => String, { nullable: true })
  @Sensitive("IDENTITY")
  familyName: string | null;

  @Field(() => Int, { nullable: true })
  @Sensitive("IDENTITY")
  birthYear: number | null;

  @Field(() => String, { nullable: true })
  @Sensitive("IDENTITY")
  phone: string | null;

  @Field(() => String, { nullable: true })
  @Sensitive("IDENTITY")
  email: string | null;

  @Field(() => ContactChannelEnum, { nullable: true })
  @Sensitive("SAFETY")
  preferredContact: ContactChannel | null;

  @Field(() => Boolean, { nullable: true, description: "Whether a message may be left: a wrong call can endanger her." })
  @Sensitive("SAFETY")
  safeToLeaveMessage: boolean | null;

  @Field(() => String, { nullable: true, description: "When contact is safe, e.g. 09:00-12:00." })
  @Sensitive("SAFETY")
  safeContactHours: string | null;
}

@InputType({ description: "Her identity and contact preferences, as recorded at intake." })
export class IdentityInput {
  @Field(() => String)
  @Length(1, 100)
  givenName: string;

  @Field(() => String)
  @Length(1, 100)
  familyName: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2020)
  birthYear?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 ]{6,20}$/)
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @Field(() => ContactChannelEnum)
  @IsIn(CONTACT_CHANNELS)
  preferredContact: ContactChannel;

  @Field(() => Boolean, { defaultValue: false })
  @IsBoolean()
  safeToLeaveMessage: boolean = false;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\d{2}:\d{2}-\d{2}:\d{2}$/)
  safeContactHours?: string | null;
}
