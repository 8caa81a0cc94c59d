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

  @Field(() => String, { nullable: true, description: "Her given name." })
  @Sensitive("IDENTITY")
  givenName: string | null;

  @Field(() => String, { nullable: true, description: "Her family name." })
  @Sensitive("IDENTITY")
  familyName: string | null;

  @Field(() => Int, { nullable: true, description: "Her year of birth." })
  @Sensitive("IDENTITY")
  birthYear: number | null;

  @Field(() => String, { nullable: true, description: "Her phone number." })
  @Sensitive("IDENTITY")
  phone: string | null;

  @Field(() => String, { nullable: true, description: "Her email address." })
  @Sensitive("IDENTITY")
  email: string | null;

  @Field(() => ContactChannelEnum, { nullable: true, description: "How she wants to be contacted." })
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
  @Field(() => String, { description: "Her given name (1 to 100 characters)." })
  @Length(1, 100)
  givenName: string;

  @Field(() => String, { description: "Her family name (1 to 100 characters)." })
  @Length(1, 100)
  familyName: string;

  @Field(() => Int, { nullable: true, description: "Her year of birth, 1900 to 2020; optional." })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2020)
  birthYear?: number | null;

  @Field(() => String, { nullable: true, description: "Her phone number: 6 to 20 digits or spaces, an optional leading +." })
  @IsOptional()
  @Matches(/^\+?[0-9 ]{6,20}$/)
  phone?: string | null;

  @Field(() => String, { nullable: true, description: "Her email address; optional." })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @Field(() => ContactChannelEnum, { description: "How she wants to be contacted." })
  @IsIn(CONTACT_CHANNELS)
  preferredContact: ContactChannel;

  @Field(() => Boolean, { defaultValue: false, description: "Whether a message may be left for her; false unless she says so." })
  @IsBoolean()
  safeToLeaveMessage: boolean = false;

  @Field(() => String, { nullable: true, description: "When contact is safe, as HH:MM-HH:MM (e.g. 09:00-12:00)." })
  @IsOptional()
  @Matches(/^\d{2}:\d{2}-\d{2}:\d{2}$/)
  safeContactHours?: string | null;
}
