// Recognises greetings and questions about Fathom itself, so a model that forgets the handoff tool
// on a real research request still leads to planning, while "hello" never starts a paid run (C05).
const GREETING = /^(hi|hello|hey|yo|hiya|greetings|good (morning|afternoon|evening)|thanks?( you)?|thank you|ok(ay)?|bye|goodbye|你好|您好|嗨|哈喽|谢谢|多谢|早上好|晚上好|再见)[\s,.!?，。！？~]*/iu;
const ABOUT_ME = /^(who are you|what can you do|what are you|how do you work|what is fathom|你是谁|你能做什么|你会什么|你可以做什么)[\s?？!！.。]*$/iu;

export function isSmallTalk(question: string): boolean {
  const q = question.trim();
  if (!q || q.length > 80) return false;
  if (ABOUT_ME.test(q)) return true;
  const greeting = q.match(GREETING);
  if (!greeting) return false;
  const rest = q.slice(greeting[0].length).trim();
  return rest === "" || ABOUT_ME.test(rest) || rest.split(/\s+/u).length <= 2 && !/[\u3400-\u9fff]{4,}/u.test(rest);
}
