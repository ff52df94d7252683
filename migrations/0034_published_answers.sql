-- Published answers have a public code of their own (TL-<year>-<number>): the item's code is
-- what its sender follows it by, and says nothing to anyone else.
CREATE SEQUENCE published_answer_code_seq;
