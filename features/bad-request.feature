@400
Feature: Bad request (400)
  A departmentUuid that is not a UUID (8-4-4-4-12 hex digits) is answered 400
  with the error envelope: the page types it a UUID, and every implementation
  reads it so. The request is otherwise the 200 fixture's, accepted
  credentials included, so the bad parameter is the only thing wrong with it.
  The page makes the token a plain string: what else a service refuses, it
  declares in its fixtures (token-rules.feature, declared-bad-requests.feature).

  Background:
    Given the fixture for status 200

  Scenario Outline: A department that is not a UUID: <what>
    Given the department is "<department>"
    When the client requests the customer profile
    Then the response status is 400
    And the Content-Type is JSON
    And the response body satisfies the contract for status 400
    And the response body holds at least one error

    Examples:
      | department                                    | what                        |
      | not-a-uuid                                    | a word                      |
      | 12345                                         | a number                    |
      | 3f0c2d4e8a614d0b9c550e6b1f7a2c10              | the digits without dashes   |
      | {3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10}        | braces around it            |
      | urn:uuid:3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10 | a URN                       |
      | 3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c1           | one digit short             |
      | 3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c100         | one digit too many          |
      | 3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c1g          | a letter that is not hex    |
      | 3f0c2d4e-8a61-4d0b-9c55_0e6b1f7a2c10          | an underscore for a dash    |
      | 3f0c2d4e 8a61 4d0b 9c55 0e6b1f7a2c10          | spaces for the dashes       |

  @strict
  Scenario: The error envelope holds every documented field, and nothing else
    Given the department is "not-a-uuid"
    When the client requests the customer profile
    Then the response status is 400
    And the response body satisfies the strict contract for status 400
