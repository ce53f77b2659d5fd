// Words of 签收 and 反馈, shared by alerts and orders.
export const deliveryZh = {
  due: '签收时限 {{time}}',
  late: '（已逾期{{m}}分）',
  left: '（剩{{m}}分）',
  reminder: '第{{n}}次提醒',
  reminderAt: '第{{n}}次提醒 {{time}}',
  wantsAnswer: '需反馈',
  awaitingAnswer: '待反馈',
  answer: '反馈',
  answerPlaceholder: '填写落实情况…',
  submitAnswer: '提交反馈',
  answering: '正在提交…',
  answeredBy: '{{name}} 于 {{time}} 反馈：{{text}}',
  answers: '反馈 {{a}}/{{t}}',
};

export const deliveryEn: typeof deliveryZh = {
  due: 'Sign by {{time}}',
  late: ' ({{m}} min overdue)',
  left: ' ({{m}} min left)',
  reminder: 'reminder {{n}}',
  reminderAt: 'reminder {{n}} at {{time}}',
  wantsAnswer: 'Answer asked',
  awaitingAnswer: 'Answer due',
  answer: 'Answer',
  answerPlaceholder: 'What was done…',
  submitAnswer: 'Send answer',
  answering: 'Sending…',
  answeredBy: '{{name}} answered at {{time}}: {{text}}',
  answers: 'Answered {{a}}/{{t}}',
};
